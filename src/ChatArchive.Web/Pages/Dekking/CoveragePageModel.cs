using System.Globalization;
using ChatArchive.Persistence.Coverage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Dekking;

/// <summary>
/// Shared by the coverage page and its printable version: reads the query (<c>departement</c>, <c>bewindspersoon</c>,
/// <c>peildatum</c>), checks who may see which department, and loads the report, the department names and policies.
/// Bad input gets a Dutch message (400) and no report; another department 403; an officeholder outside the scope 404.
/// </summary>
public abstract class CoveragePageModel(ICoverageWebSource source, TimeProvider clock) : WebPageModel
{
    [FromQuery(Name = "departement")] public string? DepartmentFilter { get; set; }
    [FromQuery(Name = "bewindspersoon")] public string? OfficeholderFilter { get; set; }
    [FromQuery(Name = "peildatum")] public string? AsOfFilter { get; set; }

    public CoverageReport? Report { get; private set; }
    public DateOnly AsOf { get; private set; }
    public string? Department { get; private set; }
    public long? OfficeholderId { get; private set; }
    public IReadOnlyList<DepartmentName> Departments { get; private set; } = [];
    public IReadOnlyList<PolicyRow> Policies { get; private set; } = [];
    public List<string> Errors { get; } = [];

    /// <summary>May the user pick a department (auditor, government-wide administrator)?</summary>
    public bool MayChooseDepartment => CoverageAccess.FixedDepartment(Me) is null;

    public string DepartmentName(string code) => Departments.FirstOrDefault(d => d.Code == code)?.Name ?? code;

    /// <summary>The report's appointments per department, in code order.</summary>
    public IEnumerable<IGrouping<string, AppointmentCoverage>> ByDepartment =>
        (Report?.Appointments ?? []).GroupBy(a => a.Department).OrderBy(g => g.Key, StringComparer.Ordinal);

    /// <summary>The same query as a query string (for the CSV, print and officeholder links).</summary>
    public string Query(long? officeholder = null, bool api = false)
    {
        var parts = new List<string>();
        void Add(string name, string? value) { if (!string.IsNullOrEmpty(value)) parts.Add($"{name}={Uri.EscapeDataString(value)}"); }
        Add(api ? "department" : "departement", Department is not null && MayChooseDepartment ? Department : null);
        Add(api ? "officeholder" : "bewindspersoon", (officeholder ?? OfficeholderId)?.ToString(CultureInfo.InvariantCulture));
        Add(api ? "asOf" : "peildatum", AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return string.Join("&", parts);
    }

    /// <summary>The download of this view (PDF) in the audit trail: who, which scope and date; never content.</summary>
    protected Task RecordExportAsync(string format, CancellationToken ct) =>
        source.ExportedAsync(HttpContext, format, new CoverageQuery(AsOf, Department, OfficeholderId), ct);

    protected async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var me = Me;
        if (!CoverageAccess.MayRead(me)) return StatusCode(StatusCodes.Status403Forbidden);
        Departments = await source.DepartmentsAsync(ct);

        AsOf = CoverageService.Today(clock);
        if (!string.IsNullOrWhiteSpace(AsOfFilter))
        {
            if (DateOnly.TryParseExact(AsOfFilter.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) AsOf = day;
            else Errors.Add($"'{AsOfFilter}' is geen datum. Geef de peildatum als jjjj-mm-dd, bijvoorbeeld 2024-09-16.");
        }
        if (!string.IsNullOrWhiteSpace(OfficeholderFilter))
        {
            if (long.TryParse(OfficeholderFilter.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) OfficeholderId = id;
            else Errors.Add($"'{OfficeholderFilter}' is geen nummer van een bewindspersoon. Kies een bewindspersoon uit het rapport.");
        }
        var fixedDepartment = CoverageAccess.FixedDepartment(me);
        var asked = string.IsNullOrWhiteSpace(DepartmentFilter) ? null : DepartmentFilter.Trim();
        if (fixedDepartment is not null && asked is not null && !string.Equals(asked, fixedDepartment, StringComparison.OrdinalIgnoreCase))
        {
            Errors.Add($"U ziet alleen de dekking van uw eigen departement ({fixedDepartment}).");
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        if (fixedDepartment is null && asked is not null && Departments.All(d => !string.Equals(d.Code, asked, StringComparison.OrdinalIgnoreCase)))
        {
            Errors.Add($"Departement '{asked}' bestaat niet. Kies een departement uit de lijst.");
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Department = fixedDepartment ?? Departments.FirstOrDefault(d => string.Equals(d.Code, asked, StringComparison.OrdinalIgnoreCase))?.Code;
        Report = await source.ReportAsync(new CoverageQuery(AsOf, Department, OfficeholderId), ct);
        if (OfficeholderId is not null && Report.Appointments.Count == 0) return NotFound();
        Policies = await source.PoliciesAsync([.. Report.Appointments.Select(a => a.Department).Distinct().Order(StringComparer.Ordinal)], ct);
        return Page();
    }
}
