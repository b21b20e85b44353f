using System.Text.Json;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>Elsa's switch modes: schedule the first matching case, or every matching case.</summary>
public enum SwitchMode
{
    MatchFirst,
    MatchAny,
}

/// <summary>
/// One case of Elsa.FlowSwitch / Elsa.Switch as Studio stores it: <c>{"label","condition":{"type","value"}}</c>
/// (Switch's case also holds an embedded <c>activity</c>).
/// </summary>
public sealed record SwitchCase(string Label, InputExpression Condition, ActivityNode? Activity);

public static class SwitchCases
{
    /// <summary>Reads the plain (not wrapped) <c>cases</c> array; throws <see cref="ActivityInputException"/> on a malformed one.</summary>
    public static IReadOnlyList<SwitchCase> Parse(string? json, string label)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ActivityInputException($"De gevallen van '{label}' zijn geen lijst. Stel ze opnieuw in met de editor.");
            }
            var cases = new List<SwitchCase>();
            foreach (var c in doc.RootElement.EnumerateArray())
            {
                var caseLabel = c.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : "";
                var condition = c.TryGetProperty("condition", out var cond) && cond.ValueKind == JsonValueKind.Object
                    ? cond.Deserialize<InputExpression>(WorkflowJson.Options) ?? new InputExpression { Value = "False" }
                    : new InputExpression { Value = "False" };
                var activity = c.TryGetProperty("activity", out var a) && a.ValueKind == JsonValueKind.Object
                    ? a.Deserialize<ActivityNode>(WorkflowJson.Options)
                    : null;
                cases.Add(new SwitchCase(caseLabel, condition, activity));
            }
            return cases;
        }
        catch (JsonException)
        {
            throw new ActivityInputException($"De gevallen van '{label}' zijn geen geldige JSON. Stel ze opnieuw in met de editor.");
        }
    }

    /// <summary>The cases whose condition is true, in order (Elsa evaluates every case, then picks by mode).</summary>
    public static List<SwitchCase> Matching(IReadOnlyList<SwitchCase> cases, ActivityContext context, string label)
    {
        var expressions = context.Expressions
            ?? throw new ActivityInputException($"'{label}' kan hier geen voorwaarden berekenen (alleen binnen een lopende workflow).");
        var matching = new List<SwitchCase>();
        foreach (var c in cases)
        {
            var value = InputBinder.Evaluate(c.Condition, expressions, $"voorwaarde van geval '{c.Label}'", label);
            if (!string.IsNullOrWhiteSpace(value) && bool.TryParse(value.Trim(), out var b) && b)
            {
                matching.Add(c);
            }
        }
        return matching;
    }
}
