using System.Net;
using System.Text.RegularExpressions;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Tests.Support;
using ChatArchive.Tests.Coverage;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Coverage;

/// <summary>
/// <c>/dekking</c> and <c>/dekking/afdrukken</c> over HTTP with the known history: exactly its gaps on the page and in the
/// printable table, the policy per department, scoping per role, Dutch refusals; never message text, names or numbers.
/// </summary>
public class CoveragePageTests
{
    private static async Task<HttpClient> PageClientAsync(ServerFixture server, string role, string? department)
    {
        var client = await server.CreateClientAsync(role, department);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return client;
    }

    private static string Text(string html) => WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " "));

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_page_and_the_printable_table_show_exactly_the_known_gaps_and_no_content(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, demoData: false, purpose: "coveragepage");
        var history = await CoverageHistory.WriteAsync(server.Database);
        await history.PublishMonthlyAsync();
        using var auditor = await PageClientAsync(server, Roles.Auditor, null);

        using var response = await auditor.GetAsync("/dekking?peildatum=2024-09-16");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var text = Text(html);
        Assert.Contains("Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", text, StringComparison.Ordinal);
        Assert.Contains("Ministerie van Financiën", text, StringComparison.Ordinal);
        // The minister's three gaps, each once: Signal never secured, the missed April read-out, e-mail after 31 May.
        Assert.Single(Regex.Matches(text, "Signal: niet veiliggesteld van 8-1-2024 t/m 28-6-2024"));
        Assert.Single(Regex.Matches(text, @"1 uitlezing\(en\) gemist tussen de uitlezing van 4-3-2024 en de uitlezing van 6-5-2024"));
        Assert.Single(Regex.Matches(text, "E-mail: niet veiliggesteld van 1-6-2024 t/m 28-6-2024"));
        Assert.Contains("Niets veiliggesteld", text, StringComparison.Ordinal);
        Assert.Contains("/api/coverage?asOf=2024-09-16&amp;format=csv", html, StringComparison.Ordinal);
        // The policy as the published definition runs it (monthly, in the known history).
        Assert.Contains("Beleid van BZK", text, StringComparison.Ordinal);
        Assert.Contains("P1M", text, StringComparison.Ordinal);

        using var print = await auditor.GetAsync("/dekking/afdrukken?peildatum=2024-09-16&departement=BZK");
        Assert.Equal(HttpStatusCode.OK, print.StatusCode);
        var printHtml = await print.Content.ReadAsStringAsync();
        var printed = Text(printHtml);
        Assert.Contains("veiliggestelde chat", printed, StringComparison.Ordinal);
        Assert.Contains("veiliggestelde sociale media", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Ministerie van Financiën", printed, StringComparison.Ordinal);
        // E-mail secured elsewhere up to 31 May; social media from the start, open-ended, so to the end of the appointment.
        Assert.Contains("8 januari 2024 t/m 31 mei 2024", printed, StringComparison.Ordinal);
        Assert.Contains("8 januari 2024 t/m 28 juni 2024", printed, StringComparison.Ordinal);
        var notes = Text(printHtml[printHtml.IndexOf("id=\"voetnoten\"", StringComparison.Ordinal)..]);
        Assert.Single(Regex.Matches(notes, "Signal: niet veiliggesteld"));
        Assert.Single(Regex.Matches(notes, "E-mail: niet veiliggesteld van 1-6-2024"));
        Assert.Single(Regex.Matches(notes, @"uitlezing\(en\) gemist"));
        Assert.Contains("Frequentie veiligstellen", printed, StringComparison.Ordinal);

        foreach (var secret in new[] { "Marloes", "Voorjaarsnota", "+316", "minister@minbzk.nl", "@ministerbzk" })
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, printed, StringComparison.Ordinal);
        }

        // One officeholder.
        var one = Text(await auditor.GetStringAsync($"/dekking?peildatum=2024-09-16&bewindspersoon={history.StateSecretary}"));
        Assert.Contains(CoverageHistory.StateSecretaryFunction, one, StringComparison.Ordinal);
        Assert.DoesNotContain(CoverageHistory.MinisterFunction + " ", one, StringComparison.Ordinal);
        Assert.Contains("Benoemingen 1", Regex.Replace(one, @"\s+", " "), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Process_owners_see_their_own_department_others_are_refused_and_bad_input_gets_Dutch_messages(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, demoData: false, purpose: "coveragepage2");
        var history = await CoverageHistory.WriteAsync(server.Database);
        await history.PublishMonthlyAsync();

        using var owner = await PageClientAsync(server, Roles.ProcessOwner, "BZK");
        var own = Text(await owner.GetStringAsync("/dekking?peildatum=2024-09-16"));
        Assert.Contains(CoverageHistory.MinisterFunction, own, StringComparison.Ordinal);
        Assert.DoesNotContain(CoverageHistory.FinanceFunction, own, StringComparison.Ordinal);

        using (var other = await owner.GetAsync("/dekking?departement=FIN"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
            Assert.Contains("alleen de dekking van uw eigen departement", Text(await other.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        using (var foreign = await owner.GetAsync($"/dekking?peildatum=2024-09-16&bewindspersoon={history.FinanceMinister}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }
        using (var bad = await owner.GetAsync("/dekking?peildatum=16-09-2024&bewindspersoon=abc"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var text = Text(await bad.Content.ReadAsStringAsync());
            Assert.Contains("jjjj-mm-dd", text, StringComparison.Ordinal);
            Assert.Contains("geen nummer van een bewindspersoon", text, StringComparison.Ordinal);
            Assert.DoesNotContain(CoverageHistory.MinisterFunction, text, StringComparison.Ordinal);
        }
        using var auditor = await PageClientAsync(server, Roles.Auditor, null);
        using (var unknown = await auditor.GetAsync("/dekking?departement=XYZ"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("Departement 'XYZ' bestaat niet", Text(await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
        using var professional = await PageClientAsync(server, Roles.InformationProfessional, "BZK");
        using (var refused = await professional.GetAsync("/dekking"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var refusedPrint = await professional.GetAsync("/dekking/afdrukken"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refusedPrint.StatusCode);
        }
    }
}
