using System.Net;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Audit;

/// <summary>
/// <c>/auditspoor</c> over HTTP: an auditor searches the trail by action, user and period (newest first) and gets the
/// CSV link of the same selection; a bad date is refused in Dutch; roles other than auditor and administrator get 403.
/// On PostgreSQL and SQLite.
/// </summary>
public sealed class AuditPageTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Auditors_search_the_trail_by_action_user_and_period_and_others_are_refused(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, demoData: false, purpose: "auditpage");
        await using (var db = server.CreateDbContext())
        {
            // No demo data (its events would mix with these); only the department the refused users belong to.
            db.Add(new Department { Code = "BZK", Name = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties" });
            await db.SaveChangesAsync();
        }
        var trail = server.Services.GetRequiredService<IAuditTrail>();
        await trail.RecordAsync(new AuditEventInput("41", Roles.InformationProfessional, "BZK", AuditActions.ContentRead, "read-out", "7/conversation/3"));
        await trail.RecordAsync(new AuditEventInput("41", Roles.InformationProfessional, "BZK", AuditActions.ReviewDecision, "read-out", "7", AuditOutcomes.Failed));
        await trail.RecordAsync(new AuditEventInput("52", Roles.Officeholder, "BZK", AuditActions.Validation, "read-out", "7"));
        using var auditor = await server.CreateClientAsync(Roles.Auditor, null);

        var all = WebUtility.HtmlDecode(await auditor.GetStringAsync("/auditspoor"));
        Assert.Contains("Auditspoor: wie deed wat", all, StringComparison.Ordinal);
        Assert.Contains("read-out 7/conversation/3", all, StringComparison.Ordinal);
        Assert.Contains("mislukt", all, StringComparison.Ordinal);
        var rows = Rows(all); // the filter's list of actions names every action too: look at the table only
        Assert.True(rows.IndexOf(">" + AuditActions.Validation + "<", StringComparison.Ordinal) is >= 0 and var v
            && v < rows.IndexOf(">" + AuditActions.ContentRead + "<", StringComparison.Ordinal), "newest first");

        var reads = WebUtility.HtmlDecode(await auditor.GetStringAsync($"/auditspoor?actie={AuditActions.ContentRead}&gebruiker=41"));
        Assert.Contains("1 gebeurtenis(sen) gevonden", reads, StringComparison.Ordinal);
        Assert.Contains("/api/audit?action=content-read&user=41&format=csv", reads, StringComparison.Ordinal);
        Assert.Contains(">" + AuditActions.ContentRead + "<", Rows(reads), StringComparison.Ordinal);
        Assert.DoesNotContain(">" + AuditActions.Validation + "<", Rows(reads), StringComparison.Ordinal);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("0 gebeurtenis(sen) gevonden", await auditor.GetStringAsync($"/auditspoor?van=2020-01-01&tot=2020-12-31"), StringComparison.Ordinal);
        Assert.Contains("gebeurtenis(sen) gevonden", await auditor.GetStringAsync($"/auditspoor?van={today}&tot={today}&actie={AuditActions.Validation}"), StringComparison.Ordinal);

        // The CSV of the selection (the API's export) holds the same row.
        var csv = await auditor.GetStringAsync("/api/audit?action=content-read&user=41&format=csv");
        Assert.Contains(";content-read;read-out;7/conversation/3;success;", csv, StringComparison.Ordinal);

        using var bad = await auditor.GetAsync("/auditspoor?van=16-09-2024");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is geen datum", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        foreach (var role in new[] { Roles.InformationProfessional, Roles.ProcessOwner, Roles.Officeholder })
        {
            using var other = await server.CreateClientAsync(role, "BZK");
            using var refused = await other.GetAsync("/auditspoor");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using var admin = await server.CreateClientAsync(Roles.Administrator, "BZK");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/auditspoor")).StatusCode);
    }

    /// <summary>The result table of the page (from its body on), without the filter form above it.</summary>
    private static string Rows(string html) => html.IndexOf("<tbody", StringComparison.Ordinal) is >= 0 and var at ? html[at..] : "";
}
