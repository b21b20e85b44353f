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
/// when the activity completes.
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

    public static void Capture(ActivityNode node, IReadOnlyDictionary<string, string?> outputs, IReadOnlyList<VariableDefinition> definitions,
        IDictionary<string, string?> variables)
    {
        foreach (var (name, value) in outputs)
        {
            if (CaptureTarget(node, name) is not { } target)
            {
                continue;
            }
            var variable = definitions.FirstOrDefault(v => v.Id == target) ?? definitions.FirstOrDefault(v => v.Name == target);
            if (variable is not null)
            {
                variables[variable.Name] = value;
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
