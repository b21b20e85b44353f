using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Audit;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Server.Audit;
using ChatArchive.Web.Pages.Dekking;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Definitions;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Coverage;

/// <summary>
/// The coverage pages' source: the same <see cref="CoverageService"/> as the API (frequency from each department's
/// published read-out definition), the departments from the registry, and the policy per department from that
/// definition, with who published it from the audit trail.
/// </summary>
public sealed class WebCoverageSource(DatabaseOptions database, DepartmentProcessReader processes, IDbContextFactory<ChatArchiveDbContext> contexts, IAuditTrail? audit = null)
    : ICoverageWebSource
{
    /// <summary>The schedule of a department as its published read-out definition says it (shared with the API).</summary>
    public static ReadOutScheduleSource Schedules(DepartmentProcessReader processes) => async (code, ct) =>
    {
        var p = await processes.ReadAsync(code, ct);
        return new ReadOutSchedule(p.Frequency, p.FrequencyText);
    };

    public Task<CoverageReport> ReportAsync(CoverageQuery query, CancellationToken ct) =>
        new CoverageService(database, Schedules(processes)).ReportAsync(query, ct);

    public async Task<IReadOnlyList<DepartmentName>> DepartmentsAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Set<Department>().AsNoTracking().Select(d => new { d.Code, d.Name }).ToListAsync(ct);
        return [.. rows.OrderBy(d => d.Code, StringComparer.Ordinal).Select(d => new DepartmentName(d.Code, d.Name))];
    }

    public async Task<IReadOnlyList<PolicyRow>> PoliciesAsync(IReadOnlyList<string> departmentCodes, CancellationToken ct)
    {
        var rows = new List<PolicyRow>();
        foreach (var code in departmentCodes)
        {
            var p = await processes.ReadAsync(code, ct);
            var published = await processes.PublishedAsync(code, ProcessTemplates.PeriodicReadOut, ct);
            string? by = null;
            if (audit is not null && !string.IsNullOrEmpty(p.DefinitionId))
            {
                var last = await audit.QueryAsync(new AuditQuery(Action: AuditActions.DefinitionPublish, ObjectId: p.DefinitionId, PageSize: 1), ct);
                by = last.Items.FirstOrDefault()?.Actor;
            }
            rows.Add(new PolicyRow(code, p.DeviceSeparation, p.FrequencyText, p.ExcludePrivateContacts, DepartmentProcess.CleaningText(p.Cleaning),
                p.KeepRawDataset, p.DefinitionId, p.DefinitionVersion, p.FromTemplate, published?.CreatedAt, by));
        }
        return rows;
    }

    public Task ExportedAsync(HttpContext http, string format, CoverageQuery view, CancellationToken ct) =>
        http.AuditAsync(CoverageApi.ExportAction, CoverageExport.ObjectType(format == "pdf"), CoverageExport.ViewId(view));
}

public static class CoverageSetup
{
    /// <summary>The coverage pages' source (the API builds its service per request from the same parts) and the daily alert check.</summary>
    public static IServiceCollection AddChatArchiveCoverage(this IServiceCollection services)
    {
        services.AddSingleton<ICoverageWebSource, WebCoverageSource>();
        services.AddSingleton<CoverageAlertTasks>();
        services.AddSingleton<CoverageAlertService>().AddHostedService(sp => sp.GetRequiredService<CoverageAlertService>());
        return services;
    }
}
