using System.Globalization;
using System.Reflection;
using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Runtime;

/// <summary>
/// An activity's outputs (its <see cref="OutputAttribute"/> properties, plus what it returned) and Elsa's output capture: an output
/// stored on the node as <c>"result": {"typeName", "memoryReference": {"id": "&lt;variable id&gt;"}}</c> is written into that variable
/// when the activity completes, or into the workflow output definition of that name.
/// </summary>
public static class ActivityOutputs
{
    public static IReadOnlyDictionary<string, string?> Collect(Activity activity, IReadOnlyDictionary<string, string?> returned)
    {
        var outputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var p in activity.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetCustomAttribute<OutputAttribute>() is not null && p.GetValue(activity) is { } value)
            {
                outputs[p.Name] = ToText(value);
            }
        }
        foreach (var (k, v) in returned)
        {
            outputs[k] = v;
        }
        return outputs;
    }

    /// <summary>The variable id an output is captured into, or null when it is not captured.</summary>
    public static string? CaptureTarget(ActivityNode node, string outputName)
    {
        if (node.Properties is null || !node.Properties.TryGetValue(ActivityNode.InputKey(outputName), out var el) || el.ValueKind != JsonValueKind.Object
            || !el.TryGetProperty("memoryReference", out var reference) || reference.ValueKind != JsonValueKind.Object
            || !reference.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        return id.GetString();
    }

    /// <summary>
    /// Writes captured outputs: into the variable the reference names (by id, else by name), else — as Elsa maps an activity's output
    /// straight to the workflow's output — into the workflow output definition of that name.
    /// </summary>
    public static void Capture(ActivityNode node, IReadOnlyDictionary<string, string?> outputs, WorkflowDefinition definition,
        IDictionary<string, string?> variables, IDictionary<string, string?> workflowOutput)
    {
        foreach (var (name, value) in outputs)
        {
            if (CaptureTarget(node, name) is not { } target)
            {
                continue;
            }
            var variable = definition.Variables.FirstOrDefault(v => v.Id == target) ?? definition.Variables.FirstOrDefault(v => v.Name == target);
            if (variable is not null)
            {
                variables[variable.Name] = value;
            }
            else if (definition.HasOutput(target))
            {
                workflowOutput[target] = value;
            }
        }
    }

    private static string? ToText(object value) => value switch
    {
        string s => s,
        bool b => b ? "True" : "False",
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value),
    };
}
