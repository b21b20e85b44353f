using System.Security.Claims;
using ChatArchive.Domain.Registry;

namespace ChatArchive.Server.Auth;

/// <summary>Claim types this server puts in its tokens.</summary>
public static class ChatArchiveClaims
{
    public const string UserId = "sub";
    public const string Name = "name";
    /// <summary>Sign-in name (e.g. procesbeheerder.bzk); optional, set by the development sign-in.</summary>
    public const string UserName = "preferred_username";
    public const string Role = "role";
    /// <summary>Department code (e.g. BZK) the user is scoped to, or "*" for all (auditors).</summary>
    public const string Department = "dept";
    /// <summary>Officeholder the user is, or is trustee for (optional, repeated).</summary>
    public const string Officeholder = "oh";
}

/// <summary>The signed-in user as every endpoint sees it: who, which roles, which department scope.</summary>
public sealed record CurrentUser(string UserId, string Name, IReadOnlySet<string> Roles, string Department, IReadOnlySet<long> Officeholders)
{
    public bool AllDepartments => Department == Domain.Registry.Roles.AllDepartments;

    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>True when the user may see data of <paramref name="departmentCode"/>.</summary>
    public bool MaySee(string departmentCode) => AllDepartments || string.Equals(Department, departmentCode, StringComparison.OrdinalIgnoreCase);

    public static CurrentUser? FromPrincipal(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var id = principal.FindFirstValue(ChatArchiveClaims.UserId) ?? principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var dept = principal.FindFirstValue(ChatArchiveClaims.Department);
        if (id is null || dept is null) return null;
        var roles = principal.FindAll(ChatArchiveClaims.Role).Concat(principal.FindAll(ClaimTypes.Role)).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var ohs = principal.FindAll(ChatArchiveClaims.Officeholder).Select(c => long.TryParse(c.Value, out var v) ? v : -1).Where(v => v > 0).ToHashSet();
        return new CurrentUser(id, principal.FindFirstValue(ChatArchiveClaims.Name) ?? id, roles, dept, ohs);
    }
}

public static class CurrentUserHttpExtensions
{
    /// <summary>The signed-in user; endpoints run behind RequireAuthorization, so this is never null there.</summary>
    public static CurrentUser GetCurrentUser(this HttpContext context) =>
        CurrentUser.FromPrincipal(context.User) ?? throw new UnauthorizedAccessException("No signed-in user on this request.");
}
