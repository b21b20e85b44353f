using System.Text.RegularExpressions;
using ChatArchive.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Registry;

/// <summary>Users with roles, scoped to one department or (auditor, archivist, administrator) to all.</summary>
public static partial class UserEndpoints
{
    public sealed record UserResponse(long Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string Department,
        long? OfficeholderId, string? Email, bool IsActive, int Version);

    /// <summary><see cref="DepartmentCode"/> null or "*" = all departments (only for auditor, archivist, administrator).</summary>
    public sealed record UserRequest(string? UserName, string? DisplayName, IReadOnlyList<string>? Roles, string? DepartmentCode,
        long? OfficeholderId, string? Email, bool? IsActive, int? Version);

    private static readonly string[] GovernmentWideRoles = [Roles.Auditor, Roles.Archivist, Roles.Administrator];

    public static void MapUsers(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/users").WithTags("Gebruikers");
        g.MapGet("/", ListAsync);
        g.MapGet("/{id:long}", GetAsync);
        g.MapPost("/", CreateAsync);
        g.MapPut("/{id:long}", UpdateAsync);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,62}$")]
    private static partial Regex UserNamePattern();

    private static async Task<Results<Ok<Page<UserResponse>>, ProblemHttpResult>> ListAsync(
        [AsParameters] RegistryRequest r, string? department, string? role, int? page, int? pageSize)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        if (!scope.User.IsInRole(Roles.Administrator) && !scope.User.IsInRole(Roles.Auditor))
        {
            return RegistryResults.Forbidden("Alleen beheerders en auditors zien de gebruikerslijst.");
        }
        var departments = await DepartmentDirectory.LoadAsync(db, r.Cancellation);
        var query = db.Set<User>().AsNoTracking();
        if (scope.DepartmentId is { } own) query = query.Where(u => u.DepartmentId == own);
        if (!string.IsNullOrWhiteSpace(department))
        {
            var id = departments.Id(department) ?? -1;
            query = query.Where(u => u.DepartmentId == id);
        }
        var paging = PageRequest.From(page, pageSize);
        // Roles are one text column; filter in memory (the user table is small: tens to hundreds of rows).
        var all = await query.OrderBy(u => u.Id).ToListAsync(r.Cancellation);
        var filtered = string.IsNullOrWhiteSpace(role) ? all : all.Where(u => u.Roles.Contains(role.Trim())).ToList();
        return TypedResults.Ok(new Page<UserResponse>(
            filtered.Skip(paging.Skip).Take(paging.Size).Select(u => ToResponse(u, departments)).ToList(), paging.Number, paging.Size, filtered.Count));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync([AsParameters] RegistryRequest r, long id)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, r.Cancellation);
        var self = scope.User.UserId == id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mayList = scope.User.IsInRole(Roles.Administrator) || scope.User.IsInRole(Roles.Auditor);
        if (user is null || !(self || (mayList && (scope.AllDepartments || user.DepartmentId == scope.DepartmentId))))
        {
            return RegistryResults.NotFound($"Gebruiker {id}");
        }
        return TypedResults.Ok(ToResponse(user, await DepartmentDirectory.LoadAsync(db, r.Cancellation)));
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync([AsParameters] RegistryRequest r, UserRequest request)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var departments = await DepartmentDirectory.LoadAsync(db, r.Cancellation);
        var errors = new FieldErrors();
        var user = new User { Version = 1 };
        await ValidateAsync(errors, db, departments, request, user, r.Cancellation);
        if (errors.Any) return RegistryResults.Invalid(errors);
        if (!scope.MayManageUsers(user.DepartmentId)) return RegistryResults.Forbidden("Alleen een beheerder van dit departement (of een rijksbrede beheerder) kan gebruikers toevoegen.");
        if (await db.Set<User>().AnyAsync(u => u.UserName == user.UserName, r.Cancellation))
        {
            return RegistryResults.Conflict($"De gebruikersnaam '{user.UserName}' is al in gebruik. Kies een andere.");
        }
        db.Add(user);
        try
        {
            await db.SaveChangesAsync(r.Cancellation);
        }
        catch (DbUpdateException e) when (RegistryResults.IsUniqueViolation(e))
        {
            return RegistryResults.Conflict($"De gebruikersnaam '{user.UserName}' is al in gebruik. Kies een andere.");
        }
        r.Logger.LogInformation("User {UserId} created", user.Id);
        return TypedResults.Created($"/api/users/{user.Id}", ToResponse(user, departments));
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync([AsParameters] RegistryRequest r, long id, UserRequest request)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Id == id, r.Cancellation);
        if (user is null || !scope.MayManageUsers(user.DepartmentId)) return RegistryResults.NotFound($"Gebruiker {id}");
        var departments = await DepartmentDirectory.LoadAsync(db, r.Cancellation);
        var errors = new FieldErrors();
        var version = VersionCheck.Required(errors, request.Version);
        var originalName = user.UserName;
        await ValidateAsync(errors, db, departments, request, user, r.Cancellation);
        if (errors.Any) return RegistryResults.Invalid(errors);
        if (!scope.MayManageUsers(user.DepartmentId)) return RegistryResults.Forbidden("U kunt gebruikers niet naar een ander departement verplaatsen.");
        if (user.UserName != originalName && await db.Set<User>().AnyAsync(u => u.UserName == user.UserName && u.Id != id, r.Cancellation))
        {
            return RegistryResults.Conflict($"De gebruikersnaam '{user.UserName}' is al in gebruik. Kies een andere.");
        }
        VersionCheck.Apply(db.Entry(user), version!.Value);
        try
        {
            await db.SaveChangesAsync(r.Cancellation);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RegistryResults.StaleVersion($"Gebruiker {id}");
        }
        catch (DbUpdateException e) when (RegistryResults.IsUniqueViolation(e))
        {
            return RegistryResults.Conflict($"De gebruikersnaam '{user.UserName}' is al in gebruik. Kies een andere.");
        }
        r.Logger.LogInformation("User {UserId} updated to version {Version}", user.Id, user.Version);
        return TypedResults.Ok(ToResponse(user, departments));
    }

    /// <summary>Checks the request and, when valid, copies it onto <paramref name="user"/>.</summary>
    private static async Task ValidateAsync(FieldErrors errors, ChatArchive.Persistence.ChatArchiveDbContext db, DepartmentDirectory departments,
        UserRequest request, User user, CancellationToken ct)
    {
        var before = errors.Count;
        var userName = errors.Required("userName", request.UserName?.ToLowerInvariant(), "de gebruikersnaam", 63);
        if (userName is not null && !UserNamePattern().IsMatch(userName))
        {
            errors.Add("userName", "Een gebruikersnaam bestaat uit kleine letters, cijfers, punt, streepje of liggend streepje, bijvoorbeeld informatieprofessional.bzk.");
        }
        var displayName = errors.Required("displayName", request.DisplayName, "de weergavenaam (functie of rol)");
        var roles = (request.Roles ?? []).Select(x => x?.Trim() ?? "").Distinct().ToList();
        if (roles.Count == 0) errors.Add("roles", $"Kies minstens één rol: {string.Join(", ", Roles.All)}.");
        var unknown = roles.Where(x => !Roles.All.Contains(x)).ToList();
        if (unknown.Count > 0) errors.Add("roles", $"Onbekende rol(len): {string.Join(", ", unknown)}. Kies uit: {string.Join(", ", Roles.All)}.");
        long? departmentId = null;
        if (string.IsNullOrWhiteSpace(request.DepartmentCode) || request.DepartmentCode.Trim() == Roles.AllDepartments)
        {
            if (roles.Count > 0 && !roles.All(GovernmentWideRoles.Contains))
            {
                errors.Add("departmentCode", "Alleen auditors, archivarissen en beheerders kunnen rijksbreed werken. Vul de departementscode in.");
            }
        }
        else
        {
            departmentId = departments.Resolve(errors, "departmentCode", request.DepartmentCode);
        }
        long? officeholderId = null;
        if (roles.Contains(Roles.Officeholder))
        {
            if (request.OfficeholderId is not { } oh)
            {
                errors.Add("officeholderId", "Een gebruiker met de rol officeholder hoort bij een bewindspersoon: vul officeholderId in.");
            }
            else if (!await db.Set<Officeholder>().AnyAsync(o => o.Id == oh && o.DepartmentId == departmentId, ct))
            {
                errors.Add("officeholderId", $"Bewindspersoon {oh} bestaat niet in het gekozen departement.");
            }
            else
            {
                officeholderId = oh;
            }
        }
        else if (request.OfficeholderId is not null)
        {
            errors.Add("officeholderId", "Alleen een gebruiker met de rol officeholder wordt aan een bewindspersoon gekoppeld. Laat officeholderId leeg of voeg die rol toe.");
        }
        var email = errors.Optional("email", request.Email, "het e-mailadres", 320);
        if (email is not null && !email.Contains('@', StringComparison.Ordinal)) errors.Add("email", "Vul een geldig e-mailadres in, bijvoorbeeld informatiebeheer@minbzk.nl.");
        if (errors.Count != before) return;
        user.UserName = userName!;
        user.DisplayName = displayName!;
        user.Roles = roles;
        user.DepartmentId = departmentId;
        user.OfficeholderId = officeholderId;
        user.Email = email;
        user.IsActive = request.IsActive ?? true;
    }

    private static UserResponse ToResponse(User u, DepartmentDirectory departments) =>
        new(u.Id, u.UserName, u.DisplayName, u.Roles, u.DepartmentId is { } d ? departments.Code(d) : Roles.AllDepartments,
            u.OfficeholderId, u.Email, u.IsActive, u.Version);
}
