using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.WriteLine</c>. Elsa writes the text to the server's console; here it goes to the instance's journal (the
/// message of the activity's "Completed" entry), where the process owner sees it, and never to the server log.
/// </summary>
[Activity("Elsa", "WriteLine", Category = "Primitives", DisplayName = "Regel in logboek", Description = "Schrijft een regel tekst in het logboek van de instantie.")]
public sealed class WriteLine : Activity
{
    [Input(DisplayName = "Tekst", Description = "De tekst; vast, een variabele of een expressie.")]
    public string? Text { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete() with { JournalMessage = Text ?? "" });
}
