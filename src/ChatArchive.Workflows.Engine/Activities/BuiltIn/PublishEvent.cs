using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Engine.Activities.BuiltIn;

/// <summary>
/// Elsa's <c>Elsa.PublishEvent</c>: resumes every instance of the same department waiting in Elsa.Event for <c>EventName</c>
/// (only those with <c>CorrelationId</c> when given; only this instance when <c>IsLocalEvent</c>). The resumptions are written in
/// this step's transaction.
/// </summary>
[Activity("Elsa", "PublishEvent", Category = "Primitives", DisplayName = "Gebeurtenis publiceren", Description = "Publiceert een gebeurtenis waar andere stappen op wachten.")]
public sealed class PublishEvent : Activity
{
    [Input(DisplayName = "Naam van de gebeurtenis", Description = "De naam van de gebeurtenis.", Required = true)]
    public string? EventName { get; set; }

    [Input(DisplayName = "Correlatie-id", Description = "Alleen instanties met deze correlatie-id ontvangen de gebeurtenis.")]
    public string? CorrelationId { get; set; }

    [Input(DisplayName = "Lokale gebeurtenis", Description = "Alleen deze instantie ontvangt de gebeurtenis.")]
    public bool IsLocalEvent { get; set; }

    [Input(DisplayName = "Inhoud", Description = "De inhoud die met de gebeurtenis wordt meegegeven (geen berichtinhoud of namen).", TypeName = "Object")]
    public string? Payload { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var events = context.Events ?? throw new ActivityInputException("Deze activiteit kan hier geen gebeurtenis publiceren (alleen binnen een lopende workflow).");
        events(new Runtime.EventPublication(Event.BookmarkPayload(EventName!), context.TenantId, string.IsNullOrWhiteSpace(CorrelationId) ? null : CorrelationId,
            IsLocalEvent ? context.InstanceId : null, Payload, context.Now));
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
