using System.Security.Claims;

namespace ChatArchive.Workflows.Api;

/// <summary>The signed-in user as the Studio API needs it: id, roles and department scope (never a name).</summary>
public sealed record StudioUser(string UserId, IReadOnlySet<string> Roles, string Department)
{
    /// <summary>Scope "*" (auditors): may read every department.</summary>
    public bool AllDepartments => Department == Domain.Registry.Roles.AllDepartments;

    public bool IsInRole(string role) => Roles.Contains(role);
}

/// <summary>
/// What the hosting server supplies to the Studio API: who is signed in, which department codes exist (definition
/// ids may not squat another department's prefix) and the audit trail. The server registers one implementation.
/// </summary>
public interface IStudioHost
{
    /// <summary>The user on the request, or null when not signed in (or the token lacks a department).</summary>
    StudioUser? CurrentUser(ClaimsPrincipal principal);

    /// <summary>Every department code (tens of them).</summary>
    Task<IReadOnlyList<string>> DepartmentCodesAsync(CancellationToken ct);

    /// <summary>Records one write in the audit trail (ids only).</summary>
    Task AuditAsync(HttpContext context, string action, string objectType, string? objectId, bool success = true);
}
