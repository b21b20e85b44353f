using System.Net;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Support;
using ChatArchive.Tests.Coverage;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Coverage;

/// <summary>
/// <c>/dekking/afdrukken.pdf</c> over HTTP with the known history: a PDF with the CIO Rijk table of the department asked
/// and its ADR columns; scoped per role with Dutch refusals; no message text.
/// </summary>
public class CoveragePdfPageTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_pdf_of_the_printable_page_holds_the_department_table_and_refuses_other_departments_in_dutch(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, demoData: false, purpose: "coveragepdf");
        var history = await CoverageHistory.WriteAsync(server.Database);
        await history.PublishMonthlyAsync();
        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);

        using var response = await auditor.GetAsync("/dekking/afdrukken.pdf?peildatum=2024-09-16&departement=BZK");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pages = PdfText.Pages(await response.Content.ReadAsByteArrayAsync());
        var all = string.Join(" ", pages);
        Assert.Contains("veiliggestelde sociale media", pages[0], StringComparison.Ordinal);
        Assert.Contains("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", pages[0], StringComparison.Ordinal);
        Assert.Contains("Staatssecretaris", all, StringComparison.Ordinal);
        Assert.Contains("8 januari 2024 t/m 31 mei 2024", all, StringComparison.Ordinal);
        Assert.Contains("Werkproces van BZK (kolommen van de ADR audit)", all, StringComparison.Ordinal);
        Assert.Contains("P1M", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Financiën", all, StringComparison.Ordinal);
        foreach (var secret in new[] { "Marloes", "Voorjaarsnota", "+316", "minister@minbzk.nl" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }

        // A process owner of FIN may not print BZK; a bad date is refused; both in Dutch, without a PDF.
        using var owner = await server.CreateClientAsync(Roles.ProcessOwner, "FIN");
        using var other = await owner.GetAsync("/dekking/afdrukken.pdf?departement=BZK");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("eigen departement", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var bad = await auditor.GetAsync("/dekking/afdrukken.pdf?peildatum=16-09-2024");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is geen datum", System.Net.WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var officer = await server.CreateClientAsync(Roles.InformationProfessional, "BZK");
        using var refused = await officer.GetAsync("/dekking/afdrukken.pdf");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
