using System.Globalization;
using System.Text.RegularExpressions;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using ChatArchive.Web;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// The inbox in pages of 25: the counts are the department's whole lists, each page shows its own rows overdue first,
/// the page links keep the kind filter, and tasks of another department or completed tasks are never counted.
/// </summary>
public sealed partial class InboxPagingTests
{
    public static TheoryData<DatabaseProvider> Providers => TestDatabases.Providers;

    [GeneratedRegex("<a class=\"utrecht-link\" href=\"/taken/([^\"]+)\">")]
    private static partial Regex TaskLink();

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Inbox_pages_the_team_list_overdue_first_and_counts_only_the_departments_open_tasks(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "webinboxpages");
        var now = DateTime.UtcNow;
        string meId;
        await using (var db = server.CreateDbContext())
        {
            meId = (await db.Set<User>().SingleAsync(u => u.UserName == "informatieprofessional.bzk")).Id.ToString(CultureInfo.InvariantCulture);
            db.Add(new WorkflowInstanceRow
            {
                Id = "paging-instance", DefinitionId = "bzk--periodic-readout", DefinitionVersionId = "paging", Version = 1, TenantId = "BZK",
                Status = "Finished", SubStatus = "Finished", CreatedAt = now, UpdatedAt = now, FinishedAt = now,
            });
            await db.SaveChangesAsync();
            // BZK: 30 open team tasks (the ones numbered 20..29 overdue, so they must come first), 2 of mine
            // (one claimed by me, one assigned to me), 40 completed; FIN: 10 open ones.
            for (var i = 0; i < 30; i++)
            {
                db.Add(Task($"bzk-open-{i:00}", "BZK", i % 2 == 0 ? "Export uploaden" : "Berichten beoordelen (schonen)",
                    now.AddDays(i >= 20 ? -30 + i : 5 + i), "Open", null, null));
            }
            db.Add(Task("bzk-claimed-by-me", "BZK", "Export uploaden", now.AddDays(1), "Claimed", meId, null));
            db.Add(Task("bzk-assigned-to-me", "BZK", "Export uploaden", now.AddDays(2), "Open", null, meId));
            for (var i = 0; i < 40; i++) db.Add(Task($"bzk-done-{i:00}", "BZK", "Export uploaden", now.AddDays(-60), "Completed", "0", null));
            for (var i = 0; i < 10; i++) db.Add(Task($"fin-open-{i:00}", "FIN", "Export uploaden", now.AddDays(-40), "Open", null, null));
            await db.SaveChangesAsync();
        }
        await using (var db = server.CreateDbContext())
        {
            // Migration 0610 on both providers: the inbox index replaces the shorter department index.
            var sql = provider == DatabaseProvider.PostgreSql
                ? "SELECT indexname::text AS \"Value\" FROM pg_indexes WHERE tablename = 'wf_human_tasks'"
                : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'wf_human_tasks'";
            var indexes = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
            Assert.Contains("ix_wf_human_tasks_inbox", indexes);
            Assert.DoesNotContain("ix_wf_human_tasks_department", indexes);
        }
        var professional = await WebPageTests.BrowserAsync(server, "informatieprofessional.bzk");

        var first = await professional.GetStringAsync("/taken");
        Assert.Contains("Mijn taken (2)", first);
        Assert.Contains("Taken van mijn team (30)", first);
        var links = TaskLink().Matches(first).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2 + 25, links.Count);
        Assert.Equal(["bzk-claimed-by-me", "bzk-assigned-to-me"], links.Take(2));
        // The team's page 1: the ten overdue tasks first (earliest due first), then the earliest due of the rest.
        Assert.Equal(Enumerable.Range(20, 10).Select(i => $"bzk-open-{i:00}").Concat(Enumerable.Range(0, 15).Select(i => $"bzk-open-{i:00}")), links.Skip(2));
        Assert.Contains("Pagina 1 van 2", first);
        Assert.Contains("href=\"/taken?pagina=2\"", first);

        var second = await professional.GetStringAsync("/taken?pagina=2");
        Assert.Contains("Taken van mijn team (30)", second);
        Assert.Equal(Enumerable.Range(15, 5).Select(i => $"bzk-open-{i:00}"), TaskLink().Matches(second).Select(m => m.Groups[1].Value).Skip(2));
        Assert.Contains("href=\"/taken\">Vorige pagina", second);
        Assert.DoesNotContain("Volgende pagina", second);

        // The kind filter narrows the lists and the counts; the page links keep it; the kinds come from every page.
        var uploads = await professional.GetStringAsync("/taken?soort=Export%20uploaden");
        Assert.Contains("Taken van mijn team (15)", uploads);
        Assert.Contains("Mijn taken (2)", uploads);
        Assert.DoesNotContain("Pagina 1 van", uploads);
        Assert.Contains("<option value=\"Berichten beoordelen (schonen)\">", uploads);
        var reviews = await professional.GetStringAsync("/taken?soort=Berichten%20beoordelen%20(schonen)");
        Assert.Contains("Taken van mijn team (15)", reviews);
        Assert.Contains("Mijn taken (0)", reviews);

        // A page past the end shows no rows but a way back; nonsense page numbers are page 1.
        var beyond = await professional.GetStringAsync("/taken?pagina=9");
        Assert.Contains("Geen open taken voor uw team op deze pagina.", beyond);
        Assert.Contains("href=\"/taken?pagina=2\">Vorige pagina", beyond);
        Assert.Contains("Pagina 1 van 2", await professional.GetStringAsync("/taken?pagina=-3"));

        // FIN's professional sees FIN's ten only.
        var fin = await WebPageTests.BrowserAsync(server, "informatieprofessional.fin");
        var finInbox = await fin.GetStringAsync("/taken");
        Assert.Contains("Taken van mijn team (10)", finInbox);
        Assert.DoesNotContain("bzk-", finInbox);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_kinds_in_the_filter_are_remembered_for_thirty_seconds_the_task_lists_never(DatabaseProvider provider)
    {
        var clock = new JourneyClock(DateTimeOffset.UtcNow);
        await using var server = await ServerFixture.StartAsync(provider, purpose: "webinboxkinds",
            services: s => s.AddSingleton(sp => new InboxKinds(sp.GetRequiredService<IHumanTaskService>(), clock)));
        var now = DateTime.UtcNow;
        await using (var db = server.CreateDbContext())
        {
            db.Add(new WorkflowInstanceRow
            {
                Id = "paging-instance", DefinitionId = "bzk--periodic-readout", DefinitionVersionId = "paging", Version = 1, TenantId = "BZK",
                Status = "Finished", SubStatus = "Finished", CreatedAt = now, UpdatedAt = now, FinishedAt = now,
            });
            await db.SaveChangesAsync();
            db.Add(Task("bzk-upload", "BZK", "Export uploaden", now.AddDays(3), "Open", null, null));
            await db.SaveChangesAsync();
        }
        var professional = await WebPageTests.BrowserAsync(server, "informatieprofessional.bzk");
        var first = await professional.GetStringAsync("/taken");
        Assert.Contains("Taken van mijn team (1)", first);
        Assert.Contains("<option value=\"Export uploaden\">", first);

        // A task of a new kind: the list shows it at once, the filter offers its kind once the remembered kinds expire.
        await using (var db = server.CreateDbContext())
        {
            db.Add(Task("bzk-checklist", "BZK", "Vertrekchecklist doorlopen", now.AddDays(4), "Open", null, null));
            await db.SaveChangesAsync();
        }
        var soon = await professional.GetStringAsync("/taken");
        Assert.Contains("Taken van mijn team (2)", soon);
        Assert.Contains("/taken/bzk-checklist", soon);
        Assert.DoesNotContain("<option value=\"Vertrekchecklist doorlopen\">", soon);
        clock.MoveTo(clock.Now + InboxKinds.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Contains("<option value=\"Vertrekchecklist doorlopen\">", await professional.GetStringAsync("/taken"));

        // Remembered per user: FIN's professional gets FIN's kinds (none), not BZK's.
        var fin = await WebPageTests.BrowserAsync(server, "informatieprofessional.fin");
        Assert.DoesNotContain("<option value=\"Export uploaden\">", await fin.GetStringAsync("/taken"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_inbox_in_one_round_trip_lists_what_the_two_list_queries_list(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "webinboxone");
        var now = new DateTime(2026, 12, 7, 10, 30, 15, DateTimeKind.Utc).AddTicks(1234560);
        await using (var db = server.CreateDbContext())
        {
            db.Add(new WorkflowInstanceRow
            {
                Id = "paging-instance", DefinitionId = "bzk--periodic-readout", DefinitionVersionId = "paging", Version = 1, TenantId = "BZK",
                Status = "Finished", SubStatus = "Finished", CreatedAt = now, UpdatedAt = now, FinishedAt = now,
            });
            await db.SaveChangesAsync();
            string[] titles = ["Export uploaden", "Berichten beoordelen (schonen)", "Vertrekchecklist doorlopen"];
            string[] statuses = ["Open", "Open", "Claimed", "Completed", "Canceled"];
            for (var i = 0; i < 90; i++)
            {
                // Users "7" and "8"; roles: the professional's and the process owner's; some without due date, some
                // sharing a due date (the creation time and the id decide), other departments, finished ones.
                var claimedBy = statuses[i % 5] == "Claimed" ? (i % 3 == 0 ? "7" : "8") : null;
                var row = Task($"t-{i:00}", i % 11 == 0 ? "FIN" : "BZK", titles[i % 3], now.AddDays(i % 7 - 3).AddMinutes(i % 4 == 0 ? 0 : i),
                    statuses[i % 5], claimedBy, i % 13 == 0 ? "7" : i % 17 == 0 ? "8" : null);
                if (row.AssigneeUser is null && i % 4 == 1) row.AssigneeRole = Roles.ProcessOwner;
                if (i % 9 == 0) row.DueAt = null;
                row.CreatedAt = now.AddHours(-i % 5);
                db.Add(row);
            }
            await db.SaveChangesAsync();
        }
        var tasks = server.Services.GetRequiredService<IHumanTaskService>();
        var cases = new List<(string User, string[] Roles, string? Title, IReadOnlyList<string>? Departments, int MinePage, int TeamPage, int Size)>
        {
            ("7", [Roles.InformationProfessional], null, ["BZK"], 0, 0, 25),
            ("7", [Roles.InformationProfessional], null, ["BZK"], 0, 1, 10),
            ("8", [Roles.InformationProfessional, Roles.ProcessOwner], null, ["BZK"], 0, 2, 7),
            ("8", [Roles.InformationProfessional], "Export uploaden", ["BZK"], 0, 0, 5),
            ("7", [Roles.ProcessOwner], null, null, 1, 0, 3),
            ("7", [Roles.InformationProfessional], null, ["BZK", "FIN"], 0, 9, 25),
            ("9", [], null, ["BZK"], 0, 0, 25),
        };
        var compared = 0;
        foreach (var (user, roles, title, departments, minePage, teamPage, size) in cases)
        {
            var visible = new HumanTaskQuery { Departments = departments, Statuses = [HumanTaskStatus.Open, HumanTaskStatus.Claimed], Title = title, PageSize = size };
            var mine = await tasks.ListAsync(visible with { User = user, Roles = [], Page = minePage });
            var team = roles.Length == 0 ? new Page<HumanTaskItem>([], 0) : await tasks.ListAsync(visible with { Roles = roles, ExceptUser = user, Page = teamPage });
            var inbox = await tasks.InboxAsync(new HumanTaskInboxQuery
            {
                Departments = departments, User = user, Roles = roles, Title = title, MinePage = minePage, TeamPage = teamPage, PageSize = size,
            });
            foreach (var (expected, actual) in new[] { (mine, inbox.Mine), (team, inbox.Team) })
            {
                Assert.Equal(expected.TotalCount, actual.TotalCount);
                Assert.Equal(expected.Items.Select(t => t.Id), actual.Items.Select(t => t.Id));
                foreach (var (e, a) in expected.Items.Zip(actual.Items))
                {
                    Assert.Equal((e.InstanceId, e.DefinitionId, e.ActivityId, e.ActivityNodeId, e.Department, e.Title, e.AssigneeRole, e.AssigneeUser),
                        (a.InstanceId, a.DefinitionId, a.ActivityId, a.ActivityNodeId, a.Department, a.Title, a.AssigneeRole, a.AssigneeUser));
                    Assert.Equal((e.DueAt, e.Status, e.ClaimedBy, e.CreatedAt), (a.DueAt, a.Status, a.ClaimedBy, a.CreatedAt));
                    Assert.Equal(TimeSpan.Zero, a.CreatedAt.Offset);
                    compared++;
                }
            }
        }
        // The cases are not empty: both lists, several pages, a page past the end (count without rows).
        Assert.True(compared >= 40, $"only {compared} rows compared");
        var past = await tasks.InboxAsync(new HumanTaskInboxQuery { Departments = ["BZK"], User = "7", Roles = [Roles.InformationProfessional], TeamPage = 9, PageSize = 25 });
        Assert.Empty(past.Team.Items);
        Assert.True(past.Team.TotalCount > 0);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Inbox_filters_on_one_officeholder_of_the_department_and_ignores_another_departments(DatabaseProvider provider)
    {
        await using var server = await ServerFixture.StartAsync(provider, purpose: "webinboxoh");
        var now = DateTime.UtcNow;
        long first, second, foreign;
        await using (var db = server.CreateDbContext())
        {
            var bzk = await db.Set<Department>().SingleAsync(d => d.Code == "BZK");
            var fin = await db.Set<Department>().SingleAsync(d => d.Code == "FIN");
            var ours = await db.Set<Officeholder>().Where(o => o.DepartmentId == bzk.Id).OrderBy(o => o.Id).Select(o => o.Id).Take(2).ToListAsync();
            (first, second) = (ours[0], ours[1]);
            foreign = await db.Set<Officeholder>().Where(o => o.DepartmentId == fin.Id).Select(o => o.Id).FirstAsync();
            foreach (var (instance, officeholder) in new[] { ("oh-a", first), ("oh-b", second) })
            {
                db.Add(new WorkflowInstanceRow
                {
                    Id = instance, DefinitionId = "bzk--periodic-readout", DefinitionVersionId = "oh", Version = 1, TenantId = "BZK",
                    CorrelationId = officeholder.ToString(CultureInfo.InvariantCulture),
                    Status = "Running", SubStatus = "Suspended", CreatedAt = now, UpdatedAt = now,
                });
            }
            await db.SaveChangesAsync();
            for (var i = 0; i < 5; i++)
            {
                var task = Task(i < 3 ? $"a-{i}" : $"b-{i - 3}", "BZK", "Export uploaden", now.AddDays(i + 1), "Open", null, null);
                task.InstanceId = i < 3 ? "oh-a" : "oh-b";
                db.Add(task);
            }
            await db.SaveChangesAsync();
        }
        var professional = await WebPageTests.BrowserAsync(server, "informatieprofessional.bzk");

        var all = await professional.GetStringAsync("/taken");
        Assert.Contains("Taken van mijn team (5)", all);
        Assert.Contains($"<option value=\"{first}\"", all);
        Assert.DoesNotContain($"<option value=\"{foreign}\"", all); // another department's officeholder is not offered

        var onlyFirst = await professional.GetStringAsync($"/taken?bewindspersoon={first}");
        Assert.Contains("Taken van mijn team (3)", onlyFirst);
        Assert.Equal(["a-0", "a-1", "a-2"], TaskLink().Matches(onlyFirst).Select(m => m.Groups[1].Value));
        Assert.Contains($"<option value=\"{first}\" selected=\"selected\"", onlyFirst);

        var onlySecond = await professional.GetStringAsync($"/taken?bewindspersoon={second}&soort=Export%20uploaden");
        Assert.Contains("Taken van mijn team (2)", onlySecond);

        // Another department's officeholder filters nothing: the whole list, as without a filter.
        var probe = await professional.GetStringAsync($"/taken?bewindspersoon={foreign}");
        Assert.Contains("Taken van mijn team (5)", probe);
    }

    private static HumanTaskRow Task(string id, string department, string title, DateTime due, string status, string? claimedBy, string? assignee) => new()
    {
        Id = id, InstanceId = "paging-instance", DefinitionId = "bzk--periodic-readout", ActivityId = "taak", ActivityNodeId = "flow:taak",
        Department = department, Title = title, AssigneeRole = assignee is null ? Roles.InformationProfessional : null, AssigneeUser = assignee,
        DueAt = due, Outcomes = "[\"Gereed\"]", Status = status, ClaimedBy = claimedBy, ClaimedAt = claimedBy is null ? null : due,
        CreatedAt = due.AddDays(-10),
    };
}
