using System.Text.Json;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.Event</c>: waits until an event with <c>EventName</c> is published (Elsa.PublishEvent) in the same department;
/// <c>Result</c> is the event's payload. As in Elsa, an Event at the top of a published workflow marked "can start workflow"
/// (<c>customProperties.canStartWorkflow</c>) is also a trigger: each publication starts a new instance there, with the payload as
/// <c>Result</c> (see <see cref="Runtime.EventTriggers"/>).
/// </summary>
[Activity("Elsa", "Event", Category = "Primitives", DisplayName = "Wachten op gebeurtenis", Description = "Wacht tot een gebeurtenis met deze naam wordt gepubliceerd.")]
public sealed class Event : Activity
{
    public const string TypeName = "Elsa.Event";

    [Input(DisplayName = "Naam van de gebeurtenis", Description = "De naam van de gebeurtenis waarop wordt gewacht.", Required = true)]
    public string? EventName { get; set; }

    [Output(DisplayName = "Resultaat", Description = "De inhoud die met de gebeurtenis werd meegegeven.")]
    public string? Result { get; set; }

    /// <summary>The bookmark payload that PublishEvent matches (one function for both sides, so the texts are equal).</summary>
    public static string BookmarkPayload(string eventName) => JsonSerializer.Serialize(new { eventName = eventName.Trim() });

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.IsTrigger)
        {
            // Started by the event itself: nothing left to wait for.
            Result = context.TriggerPayload;
            return ValueTask.FromResult(ActivityResult.Complete());
        }
        return ValueTask.FromResult(ActivityResult.Wait(new BookmarkRequest(BookmarkKinds.Event) { Payload = BookmarkPayload(EventName!) }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        Result = resume.Payload;
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
