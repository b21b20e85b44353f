using ChatArchive.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Registry;

/// <summary>Appointments (benoemingen): function title and period; several successive ones per officeholder.</summary>
public static class AppointmentEndpoints
{
    public sealed record AppointmentResponse(long Id, long OfficeholderId, string DepartmentCode, string FunctionTitle, DateOnly StartsOn, DateOnly? EndsOn, int Version);

    /// <summary>An appointment inside an officeholder create request; the department defaults to the officeholder's.</summary>
    public sealed record AppointmentInput(string? DepartmentCode, string? FunctionTitle, string? StartsOn, string? EndsOn);

    public sealed record AppointmentCreateRequest(long? OfficeholderId, string? DepartmentCode, string? FunctionTitle, string? StartsOn, string? EndsOn);

    public sealed record AppointmentUpdateRequest(string? DepartmentCode, string? FunctionTitle, string? StartsOn, string? EndsOn, int? Version);

    public static void MapAppointments(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/appointments").WithTags("Benoemingen");
        g.MapGet("/", ListAsync);
        g.MapGet("/{id:long}", GetAsync);
        g.MapPost("/", CreateAsync);
        g.MapPut("/{id:long}", UpdateAsync);
    }

    private static async Task<Results<Ok<Page<AppointmentResponse>>, ValidationProblem>> ListAsync(
        [AsParameters] RegistryRequest r, long? officeholderId, string? department, string? activeOn, int? page, int? pageSize)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var departments = await DepartmentDirectory.LoadAsync(db, r.Cancellation);
        var errors = new FieldErrors();
        var day = errors.OptionalDate("activeOn", activeOn, "de peildatum");
        if (errors.Any) return RegistryResults.Invalid(errors);
        var visible = scope.VisibleOfficeholders(db).Select(o => o.Id);
        var query = db.Set<Appointment>().AsNoTracking().Where(a => visible.Contains(a.OfficeholderId));
        if (officeholderId is { } oh) query = query.Where(a => a.OfficeholderId == oh);
        if (!string.IsNullOrWhiteSpace(department))
        {
            var id = departments.Id(department) ?? -1;
            query = query.Where(a => a.DepartmentId == id);
        }
        if (day is { } d) query = query.Where(a => a.StartsOn <= d && (a.EndsOn == null || a.EndsOn >= d));
        var paging = PageRequest.From(page, pageSize);
        var total = await query.CountAsync(r.Cancellation);
        var rows = await query.OrderBy(a => a.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(r.Cancellation);
        return TypedResults.Ok(new Page<AppointmentResponse>(rows.Select(a => ToResponse(a, departments)).ToList(), paging.Number, paging.Size, total));
    }

    private static async Task<Results<Ok<AppointmentResponse>, ProblemHttpResult>> GetAsync([AsParameters] RegistryRequest r, long id)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var visible = scope.VisibleOfficeholders(db).Select(o => o.Id);
        var appointment = await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && visible.Contains(a.OfficeholderId), r.Cancellation);
        if (appointment is null) return RegistryResults.NotFound($"Benoeming {id}");
        return TypedResults.Ok(ToResponse(appointment, await DepartmentDirectory.LoadAsync(db, r.Cancellation)));
    }

    private static async Task<Results<Created<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [AsParameters] RegistryRequest r, AppointmentCreateRequest request)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var departments = await DepartmentDirectory.LoadAsync(db, r.Cancellation);
        var errors = new FieldErrors();
        Officeholder? officeholder = null;
        if (request.OfficeholderId is null)
        {
            errors.Add("officeholderId", "Vul het nummer van de bewindspersoon in (officeholderId).");
        }
        else
        {
            officeholder = await OfficeholderEndpoints.FindVisibleAsync(db, scope, request.OfficeholderId.Value, r.Cancellation);
            if (officeholder is null) errors.Add("officeholderId", $"Bewindspersoon {request.OfficeholderId} bestaat niet of valt buiten uw departement.");
        }
        var departmentId = departments.Resolve(errors, "departmentCode", request.DepartmentCode);
        var appointment = Validate(errors, "", new AppointmentInput(request.DepartmentCode, request.FunctionTitle, request.StartsOn, request.EndsOn), departments, departmentId, resolveDepartment: false);
        if (errors.Any) return RegistryResults.Invalid(errors);
        if (!scope.MayManage(officeholder!.DepartmentId) || !scope.MayManage(appointment!.DepartmentId))
        {
            // Also the appointment's own department: a department cannot file an appointment under another (security probe, Medium).
            return RegistryResults.Forbidden("U kunt geen benoemingen vastleggen voor bewindspersonen of departementen buiten uw eigen departement.");
        }
        appointment!.OfficeholderId = officeholder.Id;
        db.Add(appointment);
        await db.SaveChangesAsync(r.Cancellation);
        r.Logger.LogInformation("Appointment {AppointmentId} created for officeholder {OfficeholderId}", appointment.Id, officeholder.Id);
        return TypedResults.Created($"/api/appointments/{appointment.Id}", ToResponse(appointment, departments));
    }

    private static async Task<Results<Ok<AppointmentResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [AsParameters] RegistryRequest r, long id, AppointmentUpdateRequest request)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var visible = scope.VisibleOfficeholders(db);
        var found = await db.Set<Appointment>()
            .Join(visible, a => a.OfficeholderId, o => o.Id, (a, o) => new { Appointment = a, o.DepartmentId })
            .FirstOrDefaultAsync(x => x.Appointment.Id == id, r.Cancellation);
        if (found is null) return RegistryResults.NotFound($"Benoeming {id}");
        var departments = await DepartmentDirectory.LoadAsync(db, r.Cancellation);
        var errors = new FieldErrors();
        var departmentId = departments.Resolve(errors, "departmentCode", request.DepartmentCode);
        var updated = Validate(errors, "", new AppointmentInput(request.DepartmentCode, request.FunctionTitle, request.StartsOn, request.EndsOn), departments, departmentId, resolveDepartment: false);
        var version = VersionCheck.Required(errors, request.Version);
        if (errors.Any) return RegistryResults.Invalid(errors);
        if (!scope.MayManage(found.DepartmentId) || !scope.MayManage(updated!.DepartmentId))
        {
            return RegistryResults.Forbidden("U kunt benoemingen van bewindspersonen van dit departement niet wijzigen of onder een ander departement brengen.");
        }
        var appointment = found.Appointment;
        appointment.DepartmentId = updated!.DepartmentId;
        appointment.FunctionTitle = updated.FunctionTitle;
        appointment.StartsOn = updated.StartsOn;
        appointment.EndsOn = updated.EndsOn;
        VersionCheck.Apply(db.Entry(appointment), version!.Value);
        try
        {
            await db.SaveChangesAsync(r.Cancellation);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RegistryResults.StaleVersion($"Benoeming {id}");
        }
        return TypedResults.Ok(ToResponse(appointment, departments));
    }

    /// <summary>
    /// Checks one appointment's fields (prefix names the field inside a larger request, e.g. "appointments[0].").
    /// Returns null when something is wrong; the errors then say what.
    /// </summary>
    internal static Appointment? Validate(FieldErrors errors, string prefix, AppointmentInput input, DepartmentDirectory departments,
        long? defaultDepartmentId, bool resolveDepartment = true)
    {
        var before = errors.Count;
        long? departmentId = defaultDepartmentId;
        if (resolveDepartment && !string.IsNullOrWhiteSpace(input.DepartmentCode))
        {
            departmentId = departments.Resolve(errors, prefix + "departmentCode", input.DepartmentCode);
        }
        var title = errors.Required(prefix + "functionTitle", input.FunctionTitle, "de functie (bijvoorbeeld Minister van Financiën)");
        var starts = errors.RequiredDate(prefix + "startsOn", input.StartsOn, "de begindatum");
        var ends = errors.OptionalDate(prefix + "endsOn", input.EndsOn, "de einddatum");
        errors.Period(prefix + "endsOn", starts, ends, "de benoeming");
        if (errors.Count != before || departmentId is null || title is null || starts is null) return null;
        return new Appointment { DepartmentId = departmentId.Value, FunctionTitle = title, StartsOn = starts.Value, EndsOn = ends };
    }

    internal static AppointmentResponse ToResponse(Appointment a, DepartmentDirectory departments) =>
        new(a.Id, a.OfficeholderId, departments.Code(a.DepartmentId), a.FunctionTitle, a.StartsOn, a.EndsOn, a.Version);
}
