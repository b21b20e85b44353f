using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Dekking;

/// <summary>
/// <c>/dekking</c>: the coverage report on screen (CIO Rijk-rapportage 2024): per officeholder the periods secured per
/// channel and every gap, read-outs against the department's frequency, open findings, and the policy per department.
/// </summary>
public sealed class IndexModel(ICoverageWebSource source, TimeProvider clock) : CoveragePageModel(source, clock)
{
    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);
}
