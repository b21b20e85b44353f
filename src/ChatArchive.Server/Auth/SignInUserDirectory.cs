using System.Globalization;
using System.Security.Claims;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Auth;

/// <summary>
/// Looks up registered users for sign-in and builds their claims: roles, department scope
/// ("*" for all), and the officeholders they are (officeholder role) or are trustee for.
/// </summary>
public sealed class SignInUserDirectory(IDbContextFactory<ChatArchiveDbContext> dbFactory)
{
    public sealed record SignInUser(long Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string Department, IReadOnlyList<long> Officeholders)
    {
        public IReadOnlyList<Claim> Claims() =>
            TokenService.BuildClaims(Id.ToString(CultureInfo.InvariantCulture), DisplayName, Roles, Department, Officeholders, UserName);
    }

    public async Task<SignInUser?> FindAsync(string userName, CancellationToken ct)
    {
        var normalized = userName.Trim().ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.UserName == normalized && u.IsActive, ct);
        return user is null ? null : await ToSignInUserAsync(db, user, ct);
    }

    /// <summary>The active user with this id and their current claims, or null (deactivated or removed).</summary>
    public async Task<SignInUser?> FindActiveByIdAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == id && u.IsActive, ct);
        return user is null ? null : await ToSignInUserAsync(db, user, ct);
    }

    /// <summary>Active users for the sign-in page, ordered by department then name.</summary>
    public async Task<IReadOnlyList<SignInUser>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await db.Set<User>().AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Id).ToListAsync(ct);
        var departments = await db.Set<Department>().AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Code, ct);
        return users
            .Select(u => new SignInUser(u.Id, u.UserName, u.DisplayName, u.Roles,
                u.DepartmentId is { } d && departments.TryGetValue(d, out var code) ? code : Roles.AllDepartments, []))
            .OrderBy(u => u.Department == Roles.AllDepartments ? "" : u.Department, StringComparer.Ordinal)
            .ThenBy(u => u.DisplayName, StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<SignInUser> ToSignInUserAsync(ChatArchiveDbContext db, User user, CancellationToken ct)
    {
        var department = user.DepartmentId is { } deptId
            ? await db.Set<Department>().Where(d => d.Id == deptId).Select(d => d.Code).FirstAsync(ct)
            : Roles.AllDepartments;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var trusteeFor = await db.Set<Trustee>()
            .Where(t => t.UserId == user.Id && (t.EndsOn == null || t.EndsOn >= today))
            .Select(t => t.OfficeholderId)
            .ToListAsync(ct);
        var officeholders = new List<long>();
        if (user.OfficeholderId is { } own) officeholders.Add(own);
        officeholders.AddRange(trusteeFor);
        return new SignInUser(user.Id, user.UserName, user.DisplayName, user.Roles, department, officeholders.Distinct().ToList());
    }
}
