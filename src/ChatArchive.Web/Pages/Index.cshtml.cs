using ChatArchive.Domain.Registry;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Model;

namespace ChatArchive.Web.Pages;

/// <summary>Start page for every signed-in user: my open tasks first, then what my role needs.</summary>
public sealed class IndexModel(IHumanTaskService tasks, IWorkflowDefinitionService definitions, TimeProvider clock) : WebPageModel
{
    /// <summary>A government-wide template for the process owner's list: opened read-only in Studio, where it can be copied.</summary>
    public sealed record TemplateRow(string DefinitionId, string Name, string? CopyId);

    /// <summary>Process owners of a department: the government-wide templates and whether the department has its copy.</summary>
    public IReadOnlyList<TemplateRow> Templates { get; private set; } = [];

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
        if (IsProcessOwner && me.Department is { } department) Templates = await TemplatesAsync(department, ct);
    }

    private async Task<IReadOnlyList<TemplateRow>> TemplatesAsync(string department, CancellationToken ct)
    {
        var scope = TenantScope.ForDepartment(department);
        var all = await definitions.ListAsync(new WorkflowDefinitionQuery
        {
            VersionOptions = VersionOptions.Latest, Tenant = department, IncludeTemplates = true, PageSize = 500,
        }, scope, ct);
        var own = all.Items.Where(d => d.TenantId is not null).Select(d => d.DefinitionId).ToHashSet(StringComparer.Ordinal);
        // The engine names a department's copy "{department}-{template}" in lower case (CopyTemplateAsync).
        return all.Items.Where(d => d.TenantId is null)
            .Select(d => new TemplateRow(d.DefinitionId, d.Name.Length > 0 ? d.Name : d.DefinitionId,
                own.Contains($"{department}-{d.DefinitionId}".ToLowerInvariant()) ? $"{department}-{d.DefinitionId}".ToLowerInvariant() : null))
            .OrderBy(t => t.Name, StringComparer.CurrentCulture)
            .ToList();
    }

    public bool IsProcessOwner => Me.IsInRole(Roles.ProcessOwner) || Me.IsInRole(Roles.Administrator);
    public bool IsAuditor => Me.IsInRole(Roles.Auditor);
}
