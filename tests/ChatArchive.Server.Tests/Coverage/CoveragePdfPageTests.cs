using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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

        // The download is in the audit trail: who (the auditor's id and role), which view (department and date); an
        // officeholder's PDF names the officeholder's id. The trail holds no text of the report.
        using (var one = await auditor.GetAsync($"/dekking/afdrukken.pdf?peildatum=2024-09-16&bewindspersoon={history.StateSecretary}"))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        }
        var events = await auditor.GetFromJsonAsync<JsonElement>("/api/audit?action=coverage-export", Json.Options);
        var downloads = events.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("objectType").GetString() == "coverage-report-pdf").ToList();
        Assert.Equal(2, downloads.Count);
        Assert.Equal(new[] { "BZK@2024-09-16", $"bewindspersoon-{history.StateSecretary}@2024-09-16" }.Order(StringComparer.Ordinal),
            downloads.Select(e => e.GetProperty("objectId").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(downloads, e =>
        {
            Assert.Equal(Roles.Auditor, e.GetProperty("role").GetString());
            Assert.Equal("success", e.GetProperty("outcome").GetString());
            Assert.False(string.IsNullOrEmpty(e.GetProperty("user").GetString()));
        });
        Assert.DoesNotContain("Staatssecretaris", events.GetRawText(), StringComparison.Ordinal);

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
        // Refused downloads produced no PDF and no download event.
        var after = await auditor.GetFromJsonAsync<JsonElement>("/api/audit?action=coverage-export", Json.Options);
        Assert.Equal(2, after.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("objectType").GetString() == "coverage-report-pdf"));
    }
}
