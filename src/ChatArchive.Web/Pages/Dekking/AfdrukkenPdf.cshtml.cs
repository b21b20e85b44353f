using System.Globalization;
using ChatArchive.Persistence.Coverage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatArchive.Web.Pages.Dekking;

/// <summary>
/// <c>/dekking/afdrukken.pdf</c>: the printable report as a PDF (the table of the CIO Rijk-rapportage 2024, with the ADR
/// audit columns per department). Same query, scope and Dutch refusals as the print page; only functions, dates and
/// counts, no message text. Each download is an audit event (who, which view), like the CSV export.
/// </summary>
public sealed class AfdrukkenPdfModel(ICoverageWebSource source, TimeProvider clock) : CoveragePageModel(source, clock)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var result = await LoadAsync(ct);
        if (result is not PageResult || Errors.Count > 0 || Report is not { } report) return result;
        var names = Departments.ToDictionary(d => d.Code, d => d.Name, StringComparer.Ordinal);
        var policies = Policies.Select(p => new CoveragePolicyColumns(p.Department, p.DeviceSeparation, p.FrequencyText, p.ExcludePrivateContacts,
            p.Cleaning, p.KeepRawDataset)).ToList();
        var pdf = CoveragePdf.Write(report, names, policies);
        await RecordExportAsync("pdf", ct);
        return File(pdf, "application/pdf", $"dekking-{report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.pdf");
    }
}
