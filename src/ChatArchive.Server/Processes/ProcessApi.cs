using ChatArchive.Domain.Registry;
using ChatArchive.Server.Auth;
using ChatArchive.Workflows.Api;
using ChatArchive.Workflows.Activities.Processes;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Server.Processes;

/// <summary>
/// The department's process as its published definitions say it (issue 10 item 5) and the read-out cycles planned for
/// each officeholder, with the due moment under the definition published NOW (so a new frequency shows at once).
/// Ids, dates and settings only — no names. A user sees their own department; auditors and administrators all.
/// </summary>
public static class ProcessApi
{
    public static IEndpointRouteBuilder MapProcessApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/processes").RequireAuthorization().WithTags("Werkstromen");
        api.MapGet("/{department}", GetProcess);
        api.MapGet("/{department}/planned-read-outs", PlannedReadOuts);
        return app;
    }

    public sealed record ProcessResponse(string Department, string DefinitionId, int DefinitionVersion, bool FromTemplate, string Frequency,
        string Cleaning, bool KeepRawDataset, bool ExcludePrivateContacts, string Validator, string ReadOutRole);

    public sealed record PlannedReadOutResponse(long OfficeholderId, string Department, DateTimeOffset? DueAt, string Frequency, string DefinitionId,
        int DefinitionVersion, string? PreviousInstanceId);

    /// <summary>Officeholders and trustees see only their own validation work, not the department's planning.</summary>
    private static readonly string[] PlanningRoles = [Roles.ProcessOwner, Roles.InformationProfessional, Roles.Administrator, Roles.Auditor, Roles.Archivist];

    private static IResult? Refuse(CurrentUser user, string department)
    {
        if (!PlanningRoles.Any(user.IsInRole))
        {
            return ElsaProblems.Forbidden("De planning van het departement is alleen zichtbaar voor procesbeheerders, informatieprofessionals, beheerders en auditors.");
        }
        return user.MaySee(department) ? null : ElsaProblems.NotFound($"Departement '{department}' bestaat niet of hoort niet bij uw departement.");
    }

    private static async Task<IResult> GetProcess(string department, HttpContext context, [FromServices] DepartmentProcessReader processes, CancellationToken ct)
    {
        if (Refuse(context.GetCurrentUser(), department) is { } refused) return refused;
        var p = await processes.ReadAsync(department, ct);
        return Results.Ok(new ProcessResponse(p.Department, p.DefinitionId, p.DefinitionVersion, p.FromTemplate, p.FrequencyText,
            DepartmentProcess.CleaningText(p.Cleaning), p.KeepRawDataset, p.ExcludePrivateContacts,
            p.Validator == ValidatorKind.Trustee ? "Vertrouwenspersoon" : "Bewindspersoon", p.ReadOutRole));
    }

    private static async Task<IResult> PlannedReadOuts(string department, HttpContext context, [FromServices] ProcessStarter starter, CancellationToken ct)
    {
        if (Refuse(context.GetCurrentUser(), department) is { } refused) return refused;
        var planned = await starter.PlannedReadOutsAsync(department, ct);
        return Results.Ok(planned.Select(p => new PlannedReadOutResponse(p.OfficeholderId, p.Department, p.DueAt, p.Frequency, p.DefinitionId,
            p.DefinitionVersion, p.PreviousInstanceId)).ToList());
    }
}
