using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Attributes;

namespace ChatArchive.Workflows.Activities.ReadOuts;

/// <summary>
/// Handreiking §2.2.2 stap 3: waits until one or more export files of this read-out are uploaded through the API
/// (channel per file, format detected as <c>chatarchive inspect</c> does). Goes on at once when that already happened.
/// </summary>
[Activity("ChatArchive", "AwaitExportUpload", Category = "Uitlezen", DisplayName = "Wachten op export",
    Description = "Wacht tot de export(s) van de telefoon voor deze uitlezing zijn geüpload (Handreiking §2.2.2 stap 3).")]
[Outcomes("Geüpload")]
public sealed class AwaitExportUpload(IReadOutService readOuts) : Activity
{
    public const string Uploaded = "Geüpload";

    [Input(DisplayName = "Rol", Description = "Wie de export uploadt.", DefaultValue = Roles.InformationProfessional, Order = 0)]
    public string AssigneeRole { get; set; } = Roles.InformationProfessional;

    [Input(DisplayName = "Termijn", Description = "Binnen hoeveel tijd na de afspraak, bijv. P7D.", Order = 1)]
    public string? DueAfter { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        return state.Stage >= ReadOutStage.Uploaded ? ActivityResult.Complete(Uploaded) : Wait(context, state, null);
    }

    public override async ValueTask<ActivityResult> ResumeAsync(ActivityContext context, BookmarkResume resume)
    {
        var state = await ReadOutSteps.RequireAsync(readOuts, context);
        return state.Stage >= ReadOutStage.Uploaded
            ? ActivityResult.Complete(Uploaded)
            : Wait(context, state, "Er is nog geen export geüpload.");
    }

    private ActivityResult Wait(ActivityContext context, ReadOutState state, string? problem) =>
        ReadOutSteps.WaitForTask(context, "Export van de telefoon uploaden",
            (problem is null ? "" : problem + " ") + "Lees de zakelijke telefoon uit en upload de export(s) bij deze uitlezing; de taak sluit vanzelf na het uploaden.",
            AssigneeRole, null, [Uploaded], ReadOutSteps.Events.Upload, state.Id, DueAfter);
}
