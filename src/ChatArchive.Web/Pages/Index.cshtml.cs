using System.Globalization;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Web.Pages;

/// <summary>Start page for every signed-in user: my open tasks first, then what my role needs.</summary>
public sealed class IndexModel(IHumanTaskService tasks, IWorkflowDefinitionService definitions, DepartmentProcessReader processes, TimeProvider clock,
    IDbContextFactory<ChatArchiveDbContext> registry)
    : WebPageModel
{
    /// <summary>Trustees: the officeholders (by function) whose marked messages they may be asked to validate.</summary>
    public IReadOnlyList<string> TrusteeOf { get; private set; } = [];

    /// <summary>Archivists: read-outs sealed and kept as records (every department), and how many of them.</summary>
    public long SealedReadOuts { get; private set; }

    /// <summary>One current setting of the department's read-out process, as its published definition says it.</summary>
    public sealed record SettingRow(string Label, string Value);

    /// <summary>Process owners of a department: the settings of the published read-out process now in force.</summary>
    public IReadOnlyList<SettingRow> Settings { get; private set; } = [];

    /// <summary>Where the settings come from ("uw eigen versie 3" or "het rijksbrede sjabloon"); null when nothing is published.</summary>
    public string? SettingsSource { get; private set; }

    /// <summary>Set when the published definition holds a value the product cannot read (the process owner must correct it in Studio).</summary>
    public string? SettingsProblem { get; private set; }

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
        if (IsProcessOwner && me.Department is { } department && department != Roles.AllDepartments)
        {
            Templates = await TemplatesAsync(department, ct);
            await ReadSettingsAsync(department, ct);
        }
        if (me.IsInRole(Roles.Trustee) && long.TryParse(me.UserId, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            await using var db = await registry.CreateDbContextAsync(ct);
            var names = await (from t in db.Set<Trustee>().AsNoTracking()
                               join o in db.Set<Officeholder>().AsNoTracking() on t.OfficeholderId equals o.Id
                               where t.UserId == userId
                               select o.DisplayName).ToListAsync(ct);
            TrusteeOf = [.. names.Distinct().Order(StringComparer.Create(CultureInfo.GetCultureInfo("nl-NL"), true))];
        }
        if (IsArchivist)
        {
            await using var db = await registry.CreateDbContextAsync(ct);
            SealedReadOuts = await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM ro_read_outs WHERE stage = 'Sealed'").SingleAsync(ct);
        }
    }

    private async Task ReadSettingsAsync(string department, CancellationToken ct)
    {
        DepartmentProcess process;
        try
        {
            process = await processes.ReadAsync(department, ct);
        }
        catch (ActivityInputException e)
        {
            SettingsProblem = e.Message;
            return;
        }
        SettingsSource = process.DefinitionVersion == 0 ? null
            : process.FromTemplate ? "het rijksbrede sjabloon (uw departement heeft nog geen eigen versie)"
            : $"uw eigen versie {process.DefinitionVersion}";
        Settings =
        [
            new("Frequentie van uitlezen", FrequencyText(process.Frequency, process.FrequencyText)),
            new("Schoonbeleid", process.Cleaning switch
            {
                CleaningMode.Remove => "Verwijderen: privé- en partijpolitieke berichten worden na validatie verwijderd",
                CleaningMode.Mark => "Markeren: privé- en partijpolitieke berichten worden gemarkeerd, alles wordt bewaard",
                _ => "Geen: alles wordt bewaard zoals uitgelezen",
            }),
            new("Validatie door", process.Validator == ValidatorKind.Trustee ? "een vertrouwenspersoon" : "de bewindspersoon zelf"),
            new("Uitlezen door", RoleText(process.ReadOutRole)),
            new("Ruwe dataset bewaren", process.KeepRawDataset ? "ja" : "nee"),
            new("Geregistreerde privé- en partijcontacten uitsluiten", process.ExcludePrivateContacts ? "ja" : "nee"),
        ];
    }

    /// <summary>A read-out interval in plain Dutch: "elke maand", "elke 6 weken", "alleen bij vertrek".</summary>
    public static string FrequencyText(IsoDuration? frequency, string asWritten)
    {
        if (frequency is not { } d) return "alleen bij vertrek";
        if (d.Years == 0 && d.Time == TimeSpan.Zero && d.Days == 0) return d.Months == 1 ? "elke maand" : $"elke {d.Months} maanden";
        if (d.Years == 0 && d.Months == 0 && d.Time == TimeSpan.Zero && d.Days % 7 == 0) return d.Days == 7 ? "elke week" : $"elke {d.Days / 7} weken";
        if (d.Years == 0 && d.Months == 0 && d.Time == TimeSpan.Zero) return d.Days == 1 ? "elke dag" : $"elke {d.Days} dagen";
        return $"elke {asWritten} (zoals in de werkstroom geschreven)";
    }

    private static string RoleText(string role) => role switch
    {
        Roles.InformationProfessional => "een informatieprofessional",
        Roles.ProcessOwner => "de procesbeheerder",
        Roles.Administrator => "een beheerder",
        _ => role,
    };

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
    public bool IsArchivist => Me.IsInRole(Roles.Archivist);

    /// <summary>A government-wide administrator (no department of their own): the background jobs and the coverage of every department.</summary>
    public bool IsAdministrator => Me.IsInRole(Roles.Administrator);
}
