using System.Globalization;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Workflows.Engine.HumanTasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Web.Pages.Taken;

/// <summary>
/// The inbox: my tasks and my team's (tasks open to my roles in my department), overdue first, filter by kind and by
/// officeholder (the read-out processes carry the officeholder as their correlation id), each
/// list in pages of <see cref="PageSize"/>: the database pages and counts (both lists in one round trip), the page renders
/// only its own rows; the kinds for the filter are remembered for a while (<see cref="InboxKinds"/>).
/// </summary>
public sealed class IndexModel(IHumanTaskService tasks, InboxKinds kinds, IDbContextFactory<ChatArchiveDbContext> registry, TimeProvider clock)
    : WebPageModel
{
    /// <summary>An officeholder to filter on: id and name (officeholders are public office; only staff see the list).</summary>
    public sealed record OfficeholderOption(long Id, string Name);

    /// <summary>The officeholders of the departments I may see; empty for an officeholder or trustee (they see only their own tasks).</summary>
    public IReadOnlyList<OfficeholderOption> Officeholders { get; private set; } = [];

    /// <summary>Filter on one officeholder (registry id); empty = all.</summary>
    [BindProperty(SupportsGet = true, Name = "bewindspersoon")]
    public long? Officeholder { get; set; }

    public const int PageSize = 25;

    public IReadOnlyList<TaskRow> Mine { get; private set; } = [];
    public IReadOnlyList<TaskRow> Team { get; private set; } = [];
    public long MineCount { get; private set; }
    public long TeamCount { get; private set; }
    public IReadOnlyList<string> Kinds { get; private set; } = [];

    /// <summary>Filter on the kind of task (its title as the workflow names it); empty = all.</summary>
    [BindProperty(SupportsGet = true, Name = "soort")]
    public string? Kind { get; set; }

    /// <summary>Page of the team's list, from 1.</summary>
    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int TeamPage { get; set; } = 1;

    /// <summary>Page of my own list, from 1.</summary>
    [BindProperty(SupportsGet = true, Name = "mijnpagina")]
    public int MinePage { get; set; } = 1;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = Me;
        var now = clock.GetUtcNow();
        var kind = string.IsNullOrEmpty(Kind) ? null : Kind;
        if (me.MayListReadOuts)
        {
            var departments = TaskAccess.Departments(me);
            Officeholders = (await kinds.OfficeholdersAsync(departments, c => OfficeholdersAsync(departments, c), ct))
                .Select(o => new OfficeholderOption(o.Id, o.Name)).ToList();
        }
        // Only an officeholder of the list filters; another id (another department's, or none) is ignored, never a way to probe.
        if (Officeholder is { } chosen && Officeholders.All(o => o.Id != chosen)) Officeholder = null;
        var correlation = Officeholder?.ToString(CultureInfo.InvariantCulture);
        TeamPage = Math.Max(1, TeamPage);
        MinePage = Math.Max(1, MinePage);
        var visible = new HumanTaskQuery
        {
            Departments = TaskAccess.Departments(me),
            Statuses = [HumanTaskStatus.Open, HumanTaskStatus.Claimed],
            Title = kind,
            PageSize = PageSize,
        };
        Kinds = await kinds.GetAsync(me.IsOnlyAuditor ? visible : visible with { User = me.UserId, Roles = me.Roles.ToList() }, ct);
        if (me.IsOnlyAuditor)
        {
            // An auditor sees every task of the departments (read-only); none is theirs.
            var all = await tasks.ListAsync(visible with { Page = TeamPage - 1, CorrelationId = correlation }, ct);
            Team = TaskRow.Order(all.Items, me.UserId, now);
            TeamCount = all.TotalCount;
            return;
        }
        // Mine: assigned to me or claimed by me. Team: open to one of my roles, neither assigned to nor claimed by me.
        // Both pages and both counts in one round trip (the inbox is the page people open all day).
        var inbox = await tasks.InboxAsync(new HumanTaskInboxQuery
        {
            Departments = visible.Departments, User = me.UserId, Roles = me.Roles.ToList(), Title = kind, CorrelationId = correlation,
            MinePage = MinePage - 1, TeamPage = TeamPage - 1, PageSize = PageSize,
        }, ct);
        Mine = TaskRow.Order(inbox.Mine.Items, me.UserId, now);
        MineCount = inbox.Mine.TotalCount;
        Team = TaskRow.Order(inbox.Team.Items, me.UserId, now);
        TeamCount = inbox.Team.TotalCount;
    }

    private async Task<IReadOnlyList<(long Id, string Name)>> OfficeholdersAsync(IReadOnlyList<string>? departments, CancellationToken ct)
    {
        await using var db = await registry.CreateDbContextAsync(ct);
        var q = from o in db.Set<Domain.Registry.Officeholder>().AsNoTracking()
                join d in db.Set<Department>().AsNoTracking() on o.DepartmentId equals d.Id
                select new { o.Id, o.DisplayName, d.Code };
        if (departments is not null) q = q.Where(x => departments.Contains(x.Code));
        var rows = await q.ToListAsync(ct);
        return rows.Select(r => (r.Id, Name: r.DisplayName)).OrderBy(o => o.Name, StringComparer.Create(new CultureInfo("nl-NL"), true)).ToList();
    }

    public int Pages(long count) => (int)Math.Max(1, (count + PageSize - 1) / PageSize);

    /// <summary>The inbox address with this filter and these pages (page 1 left out).</summary>
    public string Link(int minePage, int teamPage)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(Kind)) parts.Add("soort=" + Uri.EscapeDataString(Kind));
        if (Officeholder is { } oh) parts.Add("bewindspersoon=" + oh.ToString(CultureInfo.InvariantCulture));
        if (minePage > 1) parts.Add("mijnpagina=" + minePage);
        if (teamPage > 1) parts.Add("pagina=" + teamPage);
        return parts.Count == 0 ? "/taken" : "/taken?" + string.Join("&", parts);
    }
}
