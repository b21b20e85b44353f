using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Auth;
using ChatArchive.Server.Registry;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.ReadOuts;

/// <summary>How much of a read-out the caller sees.</summary>
public enum ReadOutView
{
    /// <summary>Nothing: the read-out is outside the caller's department or person.</summary>
    None,
    /// <summary>Counts, states and findings, never message text, senders or conversation titles (auditors, archivists, process owners, administrators).</summary>
    Overview,
    /// <summary>The officeholder or their trustee: only the messages offered to them for validation, while the read-out is offered.</summary>
    Validator,
    /// <summary>The information professional of the department: everything, and the review work.</summary>
    Professional,
}

/// <summary>
/// Every access rule of /api/read-outs and /api/checklists in one place (so the permission matrix can take them over):
/// a professional sees their department's read-outs; an officeholder or trustee only the messages offered to them for
/// validation; auditors and archivists (and process owners, administrators) never message text.
/// </summary>
public sealed class ReadOutAccess(IDbContextFactory<ChatArchiveDbContext> dbFactory, ReadOutService service)
{
    private static readonly string[] OverviewRoles = [Roles.Auditor, Roles.Archivist, Roles.ProcessOwner, Roles.Administrator];

    /// <summary>The caller's department id (null = every department).</summary>
    public async Task<long?> DepartmentAsync(CurrentUser user, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await RegistryScope.ForAsync(db, user, ct)).DepartmentId;
    }

    public async Task<ReadOutView> ViewAsync(CurrentUser user, ReadOutState readOut, CancellationToken ct)
    {
        var department = await DepartmentAsync(user, ct);
        var inDepartment = department is null || department == readOut.DepartmentId;
        if (inDepartment && user.IsInRole(Roles.InformationProfessional)) return ReadOutView.Professional;
        if ((user.IsInRole(Roles.Officeholder) || user.IsInRole(Roles.Trustee)) && user.Officeholders.Contains(readOut.OfficeholderId)
            && readOut.Stage == ReadOutStage.Offered && await ValidatorActorAsync(user, readOut, ct) is not null)
        {
            return ReadOutView.Validator;
        }
        if (inDepartment && user.Roles.Any(OverviewRoles.Contains)) return ReadOutView.Overview;
        return ReadOutView.None;
    }

    /// <summary>The role the caller validates in (officeholder before trustee), or null when they may not validate this read-out.</summary>
    public async Task<Actor?> ValidatorActorAsync(CurrentUser user, ReadOutState readOut, CancellationToken ct)
    {
        foreach (var role in new[] { Roles.Officeholder, Roles.Trustee })
        {
            if (!user.IsInRole(role)) continue;
            var actor = new Actor(user.UserId, role);
            if (await service.IsValidatorAsync(readOut.Id, actor, ct)) return actor;
        }
        return null;
    }

    /// <summary>The information professional acting, when the caller is one in the read-out's department.</summary>
    public static Actor Professional(CurrentUser user) => new(user.UserId, Roles.InformationProfessional);

    /// <summary>Checklists: the department's staff see them; the officeholder (or trustee) answers their own.</summary>
    public async Task<bool> MaySeeChecklistAsync(CurrentUser user, ChecklistView checklist, CancellationToken ct)
    {
        var department = await DepartmentAsync(user, ct);
        if ((department is null || department == checklist.DepartmentId) && user.Roles.Any(r => r is not (Roles.Officeholder or Roles.Trustee))) return true;
        return user.Officeholders.Contains(checklist.OfficeholderId);
    }

    /// <summary>Who may answer: the assignee role named by the definition (the officeholder's own people for officeholder/trustee), else a professional of the department.</summary>
    public async Task<Actor?> ChecklistActorAsync(CurrentUser user, ChecklistView checklist, CancellationToken ct)
    {
        if (checklist.AssigneeRole is Roles.Officeholder or Roles.Trustee)
        {
            return user.Officeholders.Contains(checklist.OfficeholderId) && (user.IsInRole(Roles.Officeholder) || user.IsInRole(Roles.Trustee))
                ? new Actor(user.UserId, user.IsInRole(Roles.Officeholder) ? Roles.Officeholder : Roles.Trustee)
                : null;
        }
        var department = await DepartmentAsync(user, ct);
        var role = checklist.AssigneeRole ?? Roles.InformationProfessional;
        return (department is null || department == checklist.DepartmentId) && user.IsInRole(role) ? new Actor(user.UserId, role) : null;
    }
}
