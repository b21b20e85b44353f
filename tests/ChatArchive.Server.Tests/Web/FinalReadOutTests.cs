using System.Net;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ProcessStarts;
using ChatArchive.TestSupport;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// The exit checklist shows the final read-out appointment (Handreiking hoofdstuk 3): "not planned" before the
/// departure plans it; the date and "planned, not started" once planned; the read-out's state and a link once it started.
/// </summary>
public sealed class FinalReadOutTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Exit_checklist_shows_the_final_read_out_appointment_its_state_and_a_link(DatabaseProvider provider)
    {
        await using var w = await ReadOutPageWorld.CreateAsync(provider, "webfinalreadout");
        var checklist = await w.DepartureChecklistAsync();
        var page = $"/checklists/{checklist.Id}";
        var professional = await w.BrowserAsync("informatieprofessional.bzk");
        var minister = await w.BrowserAsync("bewindspersoon.bzk.1");

        var before = WebUtility.HtmlDecode(await professional.GetStringAsync(page));
        Assert.Contains("Laatste uitlezing", before);
        Assert.Contains("De laatste uitlezing is nog niet gepland.", before);

        // The departure workflow plans the final read-out (its process start), due on 12 January 2027, 09:30 Amsterdam time.
        var due = new DateTime(2027, 1, 12, 8, 30, 0, DateTimeKind.Utc);
        await using (var db = w.Server.CreateDbContext())
        {
            // Another officeholder's final read-out must not appear on this checklist.
            db.Add(new ProcessStartRow
            {
                EventKey = "uitlezing:999:laatste:wf-ander", Kind = "uitlezing", Department = "BZK", OfficeholderId = w.Minister + 1000,
                NotBefore = due.AddDays(-5), PreviousInstanceId = checklist.WorkflowInstanceId, IsFinal = true, CreatedAt = DateTime.UtcNow,
            });
            db.Add(new ProcessStartRow
            {
                EventKey = $"uitlezing:{w.Minister}:laatste:{checklist.WorkflowInstanceId}", Kind = "uitlezing", Department = "BZK", OfficeholderId = w.Minister,
                NotBefore = due, PreviousInstanceId = checklist.WorkflowInstanceId, IsFinal = true, CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var planned = WebUtility.HtmlDecode(await minister.GetStringAsync(page));
        Assert.Contains("dinsdag 12 januari 2027 om 09:30", planned);
        Assert.Contains("Gepland, nog niet gestart", planned);
        Assert.DoesNotContain("7 januari 2027", planned);
        Assert.DoesNotContain("nog niet gepland", planned);

        // The read-out started (the world's read-out is that instance's): its state, and for the professional the link to its step.
        await using (var db = w.Server.CreateDbContext())
        {
            var row = await db.Set<ProcessStartRow>().FindAsync($"uitlezing:{w.Minister}:laatste:{checklist.WorkflowInstanceId}");
            row!.InstanceId = w.ReadOut.WorkflowInstanceId;
            row.StartedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
        }
        var started = WebUtility.HtmlDecode(await professional.GetStringAsync(page));
        Assert.Contains("<dd>Gepland</dd>", started);
        Assert.Contains($"href=\"/uitlezingen/{w.ReadOut.Id}/upload\">Export uploaden (laatste uitlezing)", started);
        // The officeholder sees the state but has no page of the read-out before it is offered to them.
        var forMinister = WebUtility.HtmlDecode(await minister.GetStringAsync(page));
        Assert.Contains("<dd>Gepland</dd>", forMinister);
        Assert.DoesNotContain($"/uitlezingen/{w.ReadOut.Id}/", forMinister);
    }
}
