using System.Globalization;
using ChatArchive.Persistence.Audit;

namespace ChatArchive.Persistence.Coverage;

/// <summary>
/// A download of the coverage report (CSV or PDF; from the API, the page or the CLI) as an audit event: who (user id,
/// role, department), which view (officeholder id, department or all, and the report day), when (the event's time).
/// Never a name or any text of the report.
/// </summary>
public static class CoverageExport
{
    /// <summary>The object types of an export event: the CSV and the PDF.</summary>
    public const string CsvObjectType = "coverage-report";
    public const string PdfObjectType = "coverage-report-pdf";

    public static string ObjectType(bool pdf) => pdf ? PdfObjectType : CsvObjectType;

    /// <summary>Which view was exported: the officeholder, the department or all departments, at which date ("BZK@2024-09-16").</summary>
    public static string ViewId(CoverageQuery view) =>
        (view.OfficeholderId?.ToString(CultureInfo.InvariantCulture) is { } o ? "bewindspersoon-" + o : view.DepartmentCode ?? "alle-departementen")
        + "@" + view.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The event for one download by <paramref name="actor"/> (a user id) in <paramref name="role"/>.</summary>
    public static AuditEventInput Event(string actor, string role, string? department, bool pdf, CoverageQuery view) =>
        new(actor, role, department, AuditActions.CoverageExport, ObjectType(pdf), ViewId(view));
}
