using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Dekking;

/// <summary><c>/dekking/afdrukken</c>: the printable report, laid out as the table of the CIO Rijk-rapportage 2024.</summary>
public sealed class AfdrukkenModel(ICoverageWebSource source, TimeProvider clock) : CoveragePageModel(source, clock)
{
    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>Footnotes for the gaps, numbered in the order the table shows them (as the CIO report's superscripts).</summary>
    public List<string> Footnotes { get; } = [];

    public int Footnote(string text)
    {
        Footnotes.Add(text);
        return Footnotes.Count;
    }
}
