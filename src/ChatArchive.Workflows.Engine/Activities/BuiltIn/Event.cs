using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.Event</c>: waits until an event with <c>EventName</c> is published (Elsa.PublishEvent) in the same department;
/// <c>Result</c> is the event's payload. Used inside a flow; starting a new instance by an event (Elsa's trigger mode) is not offered.
/// </summary>
[Activity("Elsa", "Event", Category = "Primitives", DisplayName = "Wachten op gebeurtenis", Description = "Wacht tot een gebeurtenis met deze naam wordt gepubliceerd.")]
public sealed class Event : Activity
{
    [Input(DisplayName = "Naam van de gebeurtenis", Description = "De naam van de gebeurtenis waarop wordt gewacht.", Required = true)]
    public string? EventName { get; set; }

    [Output(DisplayName = "Resultaat", Description = "De inhoud die met de gebeurtenis werd meegegeven.")]
    public string? Result { get; set; }

    /// <summary>The bookmark payload that PublishEvent matches (one function for both sides, so the texts are equal).</summary>
    public static string BookmarkPayload(string eventName) => JsonSerializer.Serialize(new { eventName = eventName.Trim() });

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Wait(new BookmarkRequest(BookmarkKinds.Event) { Payload = BookmarkPayload(EventName!) }));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        Result = resume.Payload;
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
