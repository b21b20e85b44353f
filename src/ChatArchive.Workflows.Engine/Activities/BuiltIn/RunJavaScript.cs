using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Expressions;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.RunJavaScript</c> (its JavaScript module): runs <c>Script</c> in the same sandbox as JavaScript expressions (no .NET
/// access; limits on time, statements, memory and recursion) with the same functions; what the script returns becomes
/// <c>Result</c> (nothing when it returns nothing). <c>setOutcome(name)</c> / <c>setOutcomes([...])</c> choose the outcomes (default
/// "Done"); the ports are "Done" and the names in <c>PossibleOutcomes</c>. A failing script becomes an incident with its message.
/// </summary>
[Activity("Elsa", "RunJavaScript", Category = "Scripting", DisplayName = "JavaScript uitvoeren",
    Description = "Voert een JavaScript-script uit; wat het script teruggeeft wordt het resultaat.")]
public sealed class RunJavaScript : Activity
{
    public const string TypeName = "Elsa.RunJavaScript";

    [Input(DisplayName = "Script", Description = "Het script; 'return …' geeft het resultaat, setOutcome('…') kiest de uitgang.", UIHint = UiHints.CodeEditor)]
    public string? Script { get; set; }

    [Input(DisplayName = "Mogelijke uitkomsten", Description = "De uitgangen die het script met setOutcome kan kiezen (naast 'Done').", UIHint = UiHints.DynamicOutcomes)]
    public string[]? PossibleOutcomes { get; set; }

    [Output(DisplayName = "Resultaat", Description = "Wat het script teruggaf.")]
    public string? Result { get; set; }

    /// <summary>The ports of a node: "Done" and its possible outcomes (Elsa's designer shows the same).</summary>
    public static IReadOnlyList<string> Ports(IReadOnlyList<string> possibleOutcomes) => [DoneOutcome, .. possibleOutcomes.Where(o => o != DoneOutcome)];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (string.IsNullOrWhiteSpace(Script))
        {
            return ValueTask.FromResult(ActivityResult.Complete());
        }
        var expressions = context.Expressions;
        if (expressions?.JavaScript is not { } javaScript)
        {
            throw new ActivityInputException($"'{context.ActivityName ?? context.ActivityId}' kan hier geen JavaScript uitvoeren (alleen binnen een lopende workflow).");
        }
        IReadOnlyList<string>? chosen = null;
        expressions.SetOutcomes = outcomes => chosen = outcomes;
        try
        {
            Result = javaScript.Evaluate(Script, expressions);
        }
        catch (ExpressionException ex)
        {
            throw new ActivityInputException($"Het script van '{context.ActivityName ?? context.ActivityId}' kon niet worden uitgevoerd: {ex.Message}.");
        }
        finally
        {
            expressions.SetOutcomes = null;
        }
        return ValueTask.FromResult(ActivityResult.CompleteWithOutcomes(chosen is { Count: > 0 } ? chosen : [DoneOutcome]));
    }
}
