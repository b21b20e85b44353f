using ChatArchive.Domain.Registry;
using ChatArchive.Notifications.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence.Notifications;

/// <summary>
/// Mail addresses from the registry's users, read when the mail is sent (an address changed in the meantime is
/// used; the outbox stores none). A named user, else every active user with the role in the task's department.
/// </summary>
public sealed class EfRecipientDirectory(IDbContextFactory<ChatArchiveDbContext> factory) : IRecipientDirectory
{
    public async Task<IReadOnlyList<string>> ResolveAsync(OutboxEntry entry, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var users = db.Set<User>().AsNoTracking().Where(u => u.IsActive && u.Email != null && u.Email != "");
        if (entry.RecipientUser is { Length: > 0 } named)
        {
            var byId = long.TryParse(named, out var id);
            var one = await users.Where(u => byId ? u.Id == id : u.UserName == named).Select(u => u.Email!).ToListAsync(ct);
            return one;
        }
        if (entry.RecipientRole is not { Length: > 0 } role) return [];
        if (entry.Department is { Length: > 0 } code)
        {
            var departmentId = await db.Set<Department>().AsNoTracking().Where(d => d.Code == code).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);
            if (departmentId is null) return [];
            users = users.Where(u => u.DepartmentId == departmentId);
        }
        // Roles are one comma-separated column: filtered here, the department's users are few.
        var candidates = await users.Select(u => new { u.Email, u.Roles }).ToListAsync(ct);
        return candidates.Where(u => u.Roles.Contains(role, StringComparer.Ordinal)).Select(u => u.Email!)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
    }
}
