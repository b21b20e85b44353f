using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Registry;

/// <summary>Officeholders (bewindspersonen, key officials) with their appointments.</summary>
public static class OfficeholderEndpoints
{
    public sealed record OfficeholderResponse(long Id, string DepartmentCode, string DisplayName, OfficeholderKind Kind,
        DateTimeOffset CreatedAt, int Version, IReadOnlyList<AppointmentEndpoints.AppointmentResponse> Appointments);

    /// <summary>Create: the officeholder and (optionally) their first appointments, stored together or not at all.</summary>
    public sealed record OfficeholderCreateRequest(string? DepartmentCode, string? DisplayName, string? Kind,
        IReadOnlyList<AppointmentEndpoints.AppointmentInput>? Appointments);

    public sealed record OfficeholderUpdateRequest(string? DepartmentCode, string? DisplayName, string? Kind, int? Version);

    public static void MapOfficeholders(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/officeholders").WithTags("Bewindspersonen");
        g.MapGet("/", ListAsync);
        g.MapGet("/{id:long}", GetAsync);
        g.MapPost("/", CreateAsync);
        g.MapPut("/{id:long}", UpdateAsync);
    }

    /// <summary>Filters: department (code), q (text in the display name), kind, activeOn (holds a function on that day, JJJJ-MM-DD).</summary>
    private static async Task<Results<Ok<Page<OfficeholderResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] RegistryRequest r, string? department, string? q, string? kind, string? activeOn, int? page, int? pageSize)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var departments = await DepartmentDirectory.LoadAsync(db, r.Cancellation);
        var errors = new FieldErrors();
        var kindFilter = string.IsNullOrWhiteSpace(kind) ? null : errors.RequiredEnum<OfficeholderKind>("kind", kind, "het soort ambtsdrager");
        var day = errors.OptionalDate("activeOn", activeOn, "de peildatum");
        if (errors.Any) return RegistryResults.Invalid(errors);

        var query = scope.VisibleOfficeholders(db).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(department))
        {
            var id = departments.Id(department) ?? -1;
            query = query.Where(o => o.DepartmentId == id);
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToLower();
            query = query.Where(o => o.DisplayName.ToLower().Contains(term));
        }
        if (kindFilter is { } k) query = query.Where(o => o.Kind == k);
        if (day is { } d) query = query.Where(o => o.Appointments.Any(a => a.StartsOn <= d && (a.EndsOn == null || a.EndsOn >= d)));

        var paging = PageRequest.From(page, pageSize);
        var total = await query.CountAsync(r.Cancellation);
        var rows = await query.OrderBy(o => o.Id).Skip(paging.Skip).Take(paging.Size).Include(o => o.Appointments).ToListAsync(r.Cancellation);
        return TypedResults.Ok(new Page<OfficeholderResponse>(rows.Select(o => ToResponse(o, departments)).ToList(), paging.Number, paging.Size, total));
    }

    private static async Task<Results<Ok<OfficeholderResponse>, ProblemHttpResult>> GetAsync([AsParameters] RegistryRequest r, long id)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var officeholder = await scope.VisibleOfficeholders(db).AsNoTracking().Include(o => o.Appointments).FirstOrDefaultAsync(o => o.Id == id, r.Cancellation);
        if (officeholder is null) return RegistryResults.NotFound($"Bewindspersoon {id}");
        return TypedResults.Ok(ToResponse(officeholder, await DepartmentDirectory.LoadAsync(db, r.Cancellation)));
    }

    private static async Task<Results<Created<OfficeholderResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [AsParameters] RegistryRequest r, OfficeholderCreateRequest request)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var departments = await DepartmentDirectory.LoadAsync(db, r.Cancellation);
        var errors = new FieldErrors();
        var departmentId = departments.Resolve(errors, "departmentCode", request.DepartmentCode);
        var displayName = errors.Required("displayName", request.DisplayName, "de weergavenaam (bijvoorbeeld de functie)");
        var kind = errors.RequiredEnum<OfficeholderKind>("kind", request.Kind, "het soort ambtsdrager");
        var appointments = new List<Appointment>();
        for (var i = 0; i < (request.Appointments?.Count ?? 0); i++)
        {
            var input = request.Appointments![i];
            var appointment = AppointmentEndpoints.Validate(errors, $"appointments[{i}].", input, departments, departmentId);
            if (appointment is not null) appointments.Add(appointment);
        }
        if (errors.Any) return RegistryResults.Invalid(errors);
        if (!scope.MayManage(departmentId!.Value))
        {
            return RegistryResults.Forbidden($"U kunt geen bewindspersonen registreren voor departement {departments.Code(departmentId.Value)}.");
        }

        var officeholder = new Officeholder
        {
            DepartmentId = departmentId.Value,
            DisplayName = displayName!,
            Kind = kind!.Value,
            CreatedAt = r.Clock.GetUtcNow(),
            Appointments = appointments,
        };
        db.Add(officeholder);
        // One SaveChanges = one transaction: the officeholder and its appointments are stored together or not at all.
        await db.SaveChangesAsync(r.Cancellation);
        r.Logger.LogInformation("Officeholder {OfficeholderId} created in department {DepartmentId} with {Appointments} appointment(s)",
            officeholder.Id, officeholder.DepartmentId, appointments.Count);
        return TypedResults.Created($"/api/officeholders/{officeholder.Id}", ToResponse(officeholder, departments));
    }

    private static async Task<Results<Ok<OfficeholderResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [AsParameters] RegistryRequest r, long id, OfficeholderUpdateRequest request)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var officeholder = await scope.VisibleOfficeholders(db).Include(o => o.Appointments).FirstOrDefaultAsync(o => o.Id == id, r.Cancellation);
        if (officeholder is null) return RegistryResults.NotFound($"Bewindspersoon {id}");
        var departments = await DepartmentDirectory.LoadAsync(db, r.Cancellation);
        var errors = new FieldErrors();
        var departmentId = departments.Resolve(errors, "departmentCode", request.DepartmentCode);
        var displayName = errors.Required("displayName", request.DisplayName, "de weergavenaam (bijvoorbeeld de functie)");
        var kind = errors.RequiredEnum<OfficeholderKind>("kind", request.Kind, "het soort ambtsdrager");
        var version = VersionCheck.Required(errors, request.Version);
        if (errors.Any) return RegistryResults.Invalid(errors);
        if (!scope.MayManage(officeholder.DepartmentId) || !scope.MayManage(departmentId!.Value))
        {
            return RegistryResults.Forbidden("U kunt deze bewindspersoon niet wijzigen of niet naar dat departement verplaatsen.");
        }
        officeholder.DepartmentId = departmentId.Value;
        officeholder.DisplayName = displayName!;
        officeholder.Kind = kind!.Value;
        VersionCheck.Apply(db.Entry(officeholder), version!.Value);
        try
        {
            await db.SaveChangesAsync(r.Cancellation);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RegistryResults.StaleVersion($"Bewindspersoon {id}");
        }
        r.Logger.LogInformation("Officeholder {OfficeholderId} updated to version {Version}", officeholder.Id, officeholder.Version);
        return TypedResults.Ok(ToResponse(officeholder, departments));
    }

    /// <summary>Loads an officeholder the caller may see; used by the sub-resources (devices, accounts, contacts, trustees).</summary>
    internal static Task<Officeholder?> FindVisibleAsync(ChatArchiveDbContext db, RegistryScope scope, long id, CancellationToken ct) =>
        scope.VisibleOfficeholders(db).AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);

    internal static OfficeholderResponse ToResponse(Officeholder o, DepartmentDirectory departments) =>
        new(o.Id, departments.Code(o.DepartmentId), o.DisplayName, o.Kind, o.CreatedAt, o.Version,
            o.Appointments.OrderBy(a => a.StartsOn).ThenBy(a => a.Id).Select(a => AppointmentEndpoints.ToResponse(a, departments)).ToList());
}
