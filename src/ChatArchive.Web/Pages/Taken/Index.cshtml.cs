using ChatArchive.Workflows.Engine.HumanTasks;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Taken;

/// <summary>The inbox: my tasks and my team's (tasks open to my roles in my department), overdue first, filter by kind.</summary>
public sealed class IndexModel(IHumanTaskService tasks, TimeProvider clock) : WebPageModel
{
    public IReadOnlyList<TaskRow> Mine { get; private set; } = [];
    public IReadOnlyList<TaskRow> Team { get; private set; } = [];
    public IReadOnlyList<string> Kinds { get; private set; } = [];

    /// <summary>Filter on the kind of task (its title as the workflow names it); empty = all.</summary>
    [BindProperty(SupportsGet = true, Name = "soort")]
    public string? Kind { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = Me;
        var now = clock.GetUtcNow();
        var all = await tasks.ListAsync(new HumanTaskQuery
        {
            Departments = TaskAccess.Departments(me),
            // An auditor sees every task (read-only); everyone else what is for them or their roles.
            User = me.IsOnlyAuditor ? null : me.UserId,
            Roles = me.IsOnlyAuditor ? null : me.Roles.ToList(),
            Statuses = [HumanTaskStatus.Open, HumanTaskStatus.Claimed],
            PageSize = 500,
        }, ct);
        Kinds = all.Items.Select(t => t.Title).Distinct(StringComparer.Ordinal).Order(StringComparer.CurrentCulture).ToList();
        var shown = string.IsNullOrEmpty(Kind) ? all.Items : all.Items.Where(t => t.Title == Kind).ToList();
        var rows = TaskRow.Order(shown, me.UserId, now);
        Mine = rows.Where(r => r.Mine).ToList();
        Team = rows.Where(r => !r.Mine).ToList();
    }
}
