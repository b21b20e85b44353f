using ChatArchive.Domain.Registry;
using Microsoft.AspNetCore.Http;

namespace ChatArchive.Web;

/// <summary>The signed-in person as the pages need them; <see cref="Department"/> null = every department (auditor).</summary>
public sealed record WebUser(string UserId, string DisplayName, IReadOnlySet<string> Roles, string? Department)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>Only an auditor (no other role): sees tasks and coverage, never acts on a task nor sees message text.</summary>
    public bool IsOnlyAuditor => Roles.Count == 1 && IsInRole(Domain.Registry.Roles.Auditor);

    /// <summary>
    /// Sees the department's list of read-outs (the permission matrix's row for /uitlezingen): every role but the
    /// officeholder's and the trustee's, who reach their own validation through its task.
    /// </summary>
    public bool MayListReadOuts => Roles.Any(r => r is not (Domain.Registry.Roles.Officeholder or Domain.Registry.Roles.Trustee));
}

/// <summary>Reads the signed-in user from the request; the server supplies it (it owns the claims).</summary>
public interface IWebUserAccessor
{
    WebUser? Get(HttpContext context);
}
