using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.Complete</c>: the composite it runs in (the flowchart, a sequence) completes as a whole with the given
/// outcome(s). In the root flowchart that finishes the workflow; branches still running or waiting are dropped.
/// <c>Outcomes</c> is a single outcome or a JSON array of outcomes; empty gives "Done", as in Elsa.
/// </summary>
[Activity("Elsa", "Complete", Category = "Composition", DisplayName = "Samenstelling afronden",
    Description = "Rondt de omringende samenstelling (stroomschema, reeks) als geheel af met de gekozen uitkomst(en).", IsTerminal = true)]
[Outcomes]
public sealed class Complete : Activity
{
    [Input(DisplayName = "Uitkomsten", Description = "De uitkomst of uitkomsten waarmee de samenstelling afrondt (tekst of JSON-lijst).",
        UIHint = UiHints.OutcomePicker, TypeName = "Object")]
    public string? Outcomes { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.CompleteComposite(Interpret(Outcomes)));

    /// <summary>Elsa reads a string as one outcome, an array as several, anything else as "Done".</summary>
    public static IReadOnlyList<string> Interpret(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return [DoneOutcome];
        }
        var trimmed = raw.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                using var doc = JsonDocument.Parse(trimmed);
                var list = doc.RootElement.EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
                return list.Count > 0 ? list : [DoneOutcome];
            }
            catch (JsonException)
            {
                throw new ActivityInputException($"Het veld 'Uitkomsten' is geen geldige JSON-lijst: '{raw}'. Geef één uitkomst of een lijst, bijv. [\"Akkoord\"].");
            }
        }
        return [raw];
    }
}
