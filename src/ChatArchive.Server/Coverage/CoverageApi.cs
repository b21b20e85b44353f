using System.Globalization;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Server.Audit;
using ChatArchive.Server.Auth;
using ChatArchive.Workflows.Activities.Processes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Server.Coverage;

/// <summary>
/// <c>GET /api/coverage</c>: the coverage report of the CIO Rijk-rapportage 2024 (per officeholder by function and
/// department, appointment period, per channel the periods secured and every gap, read-outs against the department's
/// published frequency, open findings as counts). Auditors see every department; administrators and process owners
/// their own. Filters <c>department</c>, <c>officeholder</c>, <c>asOf</c> (report day, default today in Dutch time);
/// <c>format=csv</c> exports it and records an audit event. Never message text, contact names or phone numbers.
/// </summary>
public static class CoverageApi
{
    public const string ExportAction = ChatArchive.Persistence.Audit.AuditActions.CoverageExport;

    public static IEndpointRouteBuilder MapCoverageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/coverage").RequireAuthorization().WithTags("Dekking");
        api.MapGet("", GetAsync);
        api.MapGet("/policies", PolicyApi.GetAsync);
        return app;
    }

    private static async Task<Results<Ok<CoverageReport>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetAsync(
        HttpContext context, [FromServices] DatabaseOptions database, [FromServices] DepartmentProcessReader processes,
        string? department, string? officeholder, string? asOf, string? format, CancellationToken ct)
    {
        var me = context.GetCurrentUser();
        var auditor = me.IsInRole(Roles.Auditor);
        if (!auditor && !me.IsInRole(Roles.Administrator) && !me.IsInRole(Roles.ProcessOwner))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Geen toegang",
                detail: "Het dekkingsrapport is in te zien door auditors, beheerders en procesbeheerders.");
        }
        var errors = new Dictionary<string, string[]>();
        var day = CoverageService.Today(TimeProvider.System);
        if (!string.IsNullOrWhiteSpace(asOf) && !DateOnly.TryParseExact(asOf.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            errors["asOf"] = [$"'{asOf}' is geen datum; geef de peildatum als jjjj-mm-dd, bijv. 2024-09-16."];
        }
        long? officeholderId = null;
        if (!string.IsNullOrWhiteSpace(officeholder))
        {
            if (long.TryParse(officeholder.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) officeholderId = id;
            else errors["officeholder"] = [$"'{officeholder}' is geen id van een bewindspersoon; geef het getal uit het register."];
        }
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            errors["format"] = ["Kies format=csv of laat format weg (JSON)."];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "De vraag om het dekkingsrapport is niet geldig");

        var code = string.IsNullOrWhiteSpace(department) ? null : department.Trim();
        // Scope: a department's administrator or process owner sees only the own department, whatever is asked
        // (a government-wide administrator, department "*", sees all, as an auditor does).
        if (!auditor && !me.AllDepartments)
        {
            if (code is not null && !me.MaySee(code))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Geen toegang",
                    detail: $"U ziet alleen de dekking van uw eigen departement ({me.Department}). Laat 'department' weg of vraag een auditor.");
            }
            code = me.Department;
        }
        var service = new CoverageService(database, WebCoverageSource.Schedules(processes));
        var report = await service.ReportAsync(new CoverageQuery(day, code, officeholderId), ct);
        if (officeholderId is not null && report.Appointments.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Niet gevonden",
                detail: $"Bewindspersoon {officeholderId} heeft op {day:yyyy-MM-dd} geen benoeming" + (code is null ? "." : $" bij {code}.") + " Controleer het id en de peildatum.");
        }
        if (!csv) return TypedResults.Ok(report);

        // Exporting the report is an event an auditor can find later (who, which scope; never content).
        await context.AuditAsync(ExportAction, CoverageExport.CsvObjectType, CoverageExport.ViewId(new CoverageQuery(day, code, officeholderId)));
        return TypedResults.File(CoverageCsv.ToBytes(report), "text/csv; charset=utf-8",
            $"dekking-{(code ?? "alle").ToLowerInvariant()}-{day:yyyyMMdd}.csv");
    }
}
