using ChatArchive.Domain.Registry;
using ChatArchive.Workflows.Engine.HumanTasks;

namespace ChatArchive.Web.Pages;

/// <summary>Start page for every signed-in user: my open tasks first, then what my role needs.</summary>
public sealed class IndexModel(IHumanTaskService tasks, TimeProvider clock) : WebPageModel
{
    public IReadOnlyList<TaskRow> MyTasks { get; private set; } = [];
    public long TeamOpenCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = Me;
        var mine = await tasks.ListAsync(new HumanTaskQuery
        {
            Departments = TaskAccess.Departments(me), User = me.UserId, Roles = [],
            Statuses = [HumanTaskStatus.Open, HumanTaskStatus.Claimed], PageSize = 20,
        }, ct);
        MyTasks = TaskRow.Order(mine.Items, me.UserId, clock.GetUtcNow());
        var team = await tasks.ListAsync(new HumanTaskQuery
        {
            Departments = TaskAccess.Departments(me), User = me.UserId, Roles = me.Roles.ToList(),
            Statuses = [HumanTaskStatus.Open], PageSize = 1,
        }, ct);
        TeamOpenCount = team.TotalCount;
    }

    public bool IsProcessOwner => Me.IsInRole(Roles.ProcessOwner) || Me.IsInRole(Roles.Administrator);
    public bool IsAuditor => Me.IsInRole(Roles.Auditor);
}
