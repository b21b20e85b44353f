using ChatArchive.Persistence.Coverage;
using ChatArchive.Tests.Coverage;
using ChatArchive.TestSupport;

namespace ChatArchive.Persistence.Tests.Coverage;

/// <summary>
/// The coverage report as a PDF (CIO Rijk-rapportage 2024 table): the bytes are opened as a PDF again and the table's
/// text is read from the pages' content: the header, the functions, the periods, the gap notes, the ADR columns; no message text.
/// </summary>
public sealed class CoveragePdfTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_pdf_holds_the_cio_rijk_table_of_the_known_history_and_no_message_text(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "coveragepdf");
        await CoverageHistory.WriteAsync(db);
        var report = await new CoverageService(db, CoverageHistory.MonthlySource).ReportAsync(new CoverageQuery(CoverageHistory.AsOf));
        var names = new Dictionary<string, string> { ["BZK"] = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", ["FIN"] = "Ministerie van Financiën" };
        var policies = new[] { new CoveragePolicyColumns("BZK", true, "P1M", false, "Markeren", true) };

        var bytes = CoveragePdf.Write(report, names, policies);

        var pages = PdfText.Pages(bytes);
        Assert.True(pages.Count >= 3, $"pages: {pages.Count}"); // BZK, FIN, the notes
        var all = string.Join(" ", pages);

        foreach (var header in new[] { "Functie", "aanstelling van", "aanstelling tot", "veiliggestelde chat", "veiliggestelde e-mail", "veiliggestelde sociale media" })
        {
            Assert.Contains(header, pages[0], StringComparison.Ordinal);
        }
        Assert.Contains("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", pages[0], StringComparison.Ordinal);
        Assert.Contains("Ministerie van Financiën", all, StringComparison.Ordinal);
        Assert.Contains("Staatssecretaris", all, StringComparison.Ordinal);
        // The minister (8 January to 28 June 2024): e-mail secured elsewhere up to 31 May, with a note for the gap after it.
        Assert.Contains("8 januari 2024", pages[0], StringComparison.Ordinal);
        Assert.Contains("28 juni 2024", pages[0], StringComparison.Ordinal);
        Assert.Matches("8 januari 2024 t/m 31 mei 2024 \\[\\d+\\]", all);
        Assert.Contains("niet veiliggesteld", all, StringComparison.Ordinal);
        Assert.Contains("Hiaten", pages[^1], StringComparison.Ordinal);
        var minister = report.Appointments.Single(a => a.Function == CoverageHistory.MinisterFunction);
        foreach (var gap in minister.Gaps.Where(g => g.Channel is not null)) Assert.Contains(FirstWords(gap.Description), all, StringComparison.Ordinal);
        // The ADR audit columns of BZK as given.
        Assert.Contains("Werkproces van BZK (kolommen van de ADR audit)", all, StringComparison.Ordinal);
        Assert.Contains("Ruwe dataset bewaard", all, StringComparison.Ordinal);
        Assert.Contains("Markeren", all, StringComparison.Ordinal);
        // No message text, no contact names.
        foreach (var secret in new[] { "Marloes", "Voorjaarsnota", "Verbeek" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }

    /// <summary>The first four words: a cell or note may wrap after them.</summary>
    private static string FirstWords(string text) => string.Join(" ", text.Split(' ').Take(4));
}
