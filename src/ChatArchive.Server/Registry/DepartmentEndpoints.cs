using ChatArchive.Workflows.Activities.Processes;
using Microsoft.AspNetCore.Mvc;
using System.Text.RegularExpressions;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Registry;

public static partial class DepartmentEndpoints
{
    public sealed record DepartmentResponse(string Code, string Name, int Version, PolicyResponse? Policy);

    public sealed record DepartmentCreateRequest(string? Code, string? Name);

    public sealed record DepartmentUpdateRequest(string? Name, int? Version);

    public sealed record PolicyResponse(ReadOutFrequency Frequency, int? IntervalDays, bool DeviceSeparation, CleaningMode Cleaning,
        bool KeepRawDataset, bool ExcludePrivateContacts, bool FourEyesRequired, string? Source, int Version);

    public sealed record PolicyUpdateRequest(string? Frequency, bool? DeviceSeparation, string? Cleaning, bool? KeepRawDataset,
        bool? ExcludePrivateContacts, bool? FourEyesRequired, string? Source, int? Version);

    public static void MapDepartments(RouteGroupBuilder api)
    {
        var g = api.MapGroup("/departments").WithTags("Departementen");
        g.MapGet("/", ListAsync);
        g.MapGet("/{code}", GetAsync);
        g.MapPost("/", CreateAsync);
        g.MapPut("/{code}", UpdateAsync);
        g.MapGet("/{code}/policy", GetPolicyAsync);
        g.MapPut("/{code}/policy", UpdatePolicyAsync);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{1,11}$")]
    private static partial Regex CodePattern();

    private static async Task<Ok<Page<DepartmentResponse>>> ListAsync([AsParameters] RegistryRequest r, [FromServices] DepartmentProcessReader processes, string? q, int? page, int? pageSize)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var query = scope.Departments(db).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim().ToLower();
            query = query.Where(d => d.Code.ToLower().Contains(term) || d.Name.ToLower().Contains(term));
        }
        var paging = PageRequest.From(page, pageSize);
        var total = await query.CountAsync(r.Cancellation);
        var rows = await query.OrderBy(d => d.Code).Skip(paging.Skip).Take(paging.Size).ToListAsync(r.Cancellation);
        var items = new List<DepartmentResponse>();
        foreach (var d in rows)
        {
            items.Add(ToResponse(d, await processes.ReadAsync(d.Code, r.Cancellation)));
        }
        return TypedResults.Ok(new Page<DepartmentResponse>(items, paging.Number, paging.Size, total));
    }

    private static async Task<Results<Ok<DepartmentResponse>, ProblemHttpResult>> GetAsync([AsParameters] RegistryRequest r, [FromServices] DepartmentProcessReader processes, string code)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var department = await FindAsync(db, scope, code, r.Cancellation);
        if (department is null) return RegistryResults.NotFound($"Departement '{code}'");
        return TypedResults.Ok(ToResponse(department, await processes.ReadAsync(department.Code, r.Cancellation)));
    }

    private static async Task<Results<Created<DepartmentResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        [AsParameters] RegistryRequest r, [FromServices] DepartmentProcessReader processes, DepartmentCreateRequest request)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        if (!scope.MayManageDepartments) return RegistryResults.Forbidden("Alleen een rijksbrede beheerder kan departementen toevoegen.");
        var errors = new FieldErrors();
        var code = errors.Required("code", request.Code, "de departementscode", 12);
        if (code is not null && !CodePattern().IsMatch(code))
        {
            errors.Add("code", "De code bestaat uit 2 tot 12 letters en cijfers en begint met een letter, bijvoorbeeld BZK of IenW.");
        }
        var name = errors.Required("name", request.Name, "de naam van het departement");
        if (errors.Any) return RegistryResults.Invalid(errors);
        if (await db.Set<Department>().AnyAsync(d => d.Code.ToLower() == code!.ToLower(), r.Cancellation))
        {
            return RegistryResults.Conflict($"Departement '{code}' bestaat al. Kies een andere code of wijzig het bestaande departement.");
        }
        var department = new Department { Code = code!, Name = name! };
        var policy = new DepartmentPolicySetting { Source = "standaardbeleid bij aanmaken" };
        // The department and its default policy are one unit: both or neither.
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(r.Cancellation);
            db.Add(department);
            await db.SaveChangesAsync(r.Cancellation);
            policy.DepartmentId = department.Id;
            db.Add(policy);
            await db.SaveChangesAsync(r.Cancellation);
            await tx.CommitAsync(r.Cancellation);
        }
        catch (DbUpdateException e) when (RegistryResults.IsUniqueViolation(e))
        {
            return RegistryResults.Conflict($"Departement '{code}' bestaat al. Kies een andere code of wijzig het bestaande departement.");
        }
        r.Logger.LogInformation("Department {DepartmentId} created", department.Id);
        return TypedResults.Created($"/api/departments/{department.Code}", ToResponse(department, await processes.ReadAsync(department.Code, r.Cancellation)));
    }

    private static async Task<Results<Ok<DepartmentResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [AsParameters] RegistryRequest r, [FromServices] DepartmentProcessReader processes, string code, DepartmentUpdateRequest request)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var department = await FindAsync(db, scope, code, r.Cancellation, tracked: true);
        if (department is null) return RegistryResults.NotFound($"Departement '{code}'");
        if (!scope.MayManageDepartments) return RegistryResults.Forbidden("Alleen een rijksbrede beheerder kan departementen wijzigen.");
        var errors = new FieldErrors();
        var name = errors.Required("name", request.Name, "de naam van het departement");
        var version = VersionCheck.Required(errors, request.Version);
        if (errors.Any) return RegistryResults.Invalid(errors);
        department.Name = name!;
        VersionCheck.Apply(db.Entry(department), version!.Value);
        try
        {
            await db.SaveChangesAsync(r.Cancellation);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RegistryResults.StaleVersion($"Departement '{department.Code}'");
        }
        return TypedResults.Ok(ToResponse(department, await processes.ReadAsync(department.Code, r.Cancellation)));
    }

    private static async Task<Results<Ok<PolicyResponse>, ProblemHttpResult>> GetPolicyAsync([AsParameters] RegistryRequest r, [FromServices] DepartmentProcessReader processes, string code)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var department = await FindAsync(db, scope, code, r.Cancellation);
        if (department is null) return RegistryResults.NotFound($"Departement '{code}'");
        return TypedResults.Ok(ToResponse(await processes.ReadAsync(department.Code, r.Cancellation)));
    }

    /// <summary>
    /// The policy is a read-only view of the department's published read-out definition (one source of truth): a change is
    /// refused with the way to make it — in Elsa Studio, where the process owner edits and publishes the definition.
    /// </summary>
    private static async Task<Results<Ok<PolicyResponse>, ValidationProblem, ProblemHttpResult>> UpdatePolicyAsync(
        [AsParameters] RegistryRequest r, string code, PolicyUpdateRequest request)
    {
        var (db, scope) = await r.OpenAsync();
        await using var _ = db;
        var department = await FindAsync(db, scope, code, r.Cancellation);
        if (department is null) return RegistryResults.NotFound($"Departement '{code}'");
        if (!scope.MayManagePolicy(department.Id))
        {
            return RegistryResults.Forbidden("Het departementsbeleid wordt vastgesteld door de procesbeheerder of een beheerder van het departement.");
        }
        return RegistryResults.Conflict(
            $"Het beleid van {department.Code} staat in de gepubliceerde werkstroom 'Periodiek uitlezen' van het departement en kan hier alleen worden ingezien. " +
            "Wijzig de variabelen Frequentie, Schoonmodus, RuweDatasetBewaren, PriveContactenUitsluiten of Validator in Elsa Studio (/studio) en publiceer; " +
            "de wijziging geldt vanaf de volgende uitleescyclus van elke bewindspersoon.");
    }

    private static async Task<Department?> FindAsync(ChatArchive.Persistence.ChatArchiveDbContext db, RegistryScope scope, string code, CancellationToken ct, bool tracked = false)
    {
        var query = scope.Departments(db).Where(d => d.Code.ToLower() == code.ToLower());
        if (!tracked) query = query.AsNoTracking();
        return await query.FirstOrDefaultAsync(ct);
    }

    private static DepartmentResponse ToResponse(Department d, DepartmentProcess p) => new(d.Code, d.Name, d.Version, ToResponse(p));

    /// <summary>The registry's view of the published definition (Version = the definition's version).</summary>
    private static PolicyResponse ToResponse(DepartmentProcess p)
    {
        int? days = p.Frequency is { } f ? (int)Math.Round((f.AddTo(DateTimeOffset.UnixEpoch) - DateTimeOffset.UnixEpoch).TotalDays) : null;
        var source = p.FromTemplate
            ? $"rijksbreed sjabloon '{p.DefinitionId}' versie {p.DefinitionVersion} (frequentie {p.FrequencyText})"
            : $"werkstroom '{p.DefinitionId}' versie {p.DefinitionVersion} (frequentie {p.FrequencyText})";
        return new(p.FrequencyKind, days, p.DeviceSeparation, p.Cleaning, p.KeepRawDataset, p.ExcludePrivateContacts, FourEyesRequired: true, source, p.DefinitionVersion);
    }
}
