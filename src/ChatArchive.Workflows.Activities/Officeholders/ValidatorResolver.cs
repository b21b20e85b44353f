using System.Globalization;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Activities;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Workflows.Activities.Officeholders;

/// <summary>The one user a validation task goes to, and the role they validate in.</summary>
public sealed record ValidatorUser(string UserId, string Role);

/// <summary>
/// Finds who validates one officeholder's marked messages (Handreiking §2.2.2 stap 5–6): that officeholder's own
/// active user, or — when the definition says so — the trustee registered for THAT officeholder on the day, with a
/// user account. Never another officeholder, never anyone by role; without such a person the step fails with a
/// Dutch incident that says what to register.
/// </summary>
public sealed class ValidatorResolver(IDbContextFactory<ChatArchiveDbContext> factory)
{
    public async Task<ValidatorUser> ResolveAsync(long officeholderId, ValidatorKind kind, DateOnly day, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (kind == ValidatorKind.Officeholder)
        {
            var users = await db.Set<User>().AsNoTracking().Where(u => u.OfficeholderId == officeholderId && u.IsActive).OrderBy(u => u.Id).ToListAsync(ct);
            var own = users.FirstOrDefault(u => u.Roles.Contains(Roles.Officeholder));
            return own is null
                ? throw new ActivityInputException(
                    $"Bewindspersoon {officeholderId} heeft geen actief gebruikersaccount, dus de validatie kan niet aan hem of haar worden toegewezen. Registreer het account, of kies in de workflow een vertrouwenspersoon als validator, en probeer de stap opnieuw.")
                : new ValidatorUser(own.Id.ToString(CultureInfo.InvariantCulture), Roles.Officeholder);
        }
        var trustees = await db.Set<Trustee>().AsNoTracking()
            .Where(t => t.OfficeholderId == officeholderId && t.UserId != null && t.StartsOn <= day && (t.EndsOn == null || t.EndsOn >= day))
            .OrderBy(t => t.StartsOn).ThenBy(t => t.Id).ToListAsync(ct);
        foreach (var t in trustees)
        {
            var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == t.UserId && u.IsActive, ct);
            if (user is not null)
            {
                return new ValidatorUser(user.Id.ToString(CultureInfo.InvariantCulture), Roles.Trustee);
            }
        }
        throw new ActivityInputException(
            $"Voor bewindspersoon {officeholderId} is op {day:dd-MM-yyyy} geen vertrouwenspersoon met een actief gebruikersaccount geregistreerd. Registreer de vertrouwenspersoon, of laat de bewindspersoon zelf valideren, en probeer de stap opnieuw.");
    }
}
