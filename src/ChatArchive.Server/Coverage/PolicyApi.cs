using System.Globalization;
using System.Text;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.Audit;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Server.Audit;
using ChatArchive.Server.Auth;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Coverage;

/// <summary>
/// One policy setting of a department as it runs: the ADR audit columns of the CIO Rijk-rapportage 2024 (device
/// separation, read-out frequency, exclusion of private and party contacts, cleaning or marking, raw dataset kept), read
/// from the department's published read-out definition, with the version and date since when it has this value and who
/// published that version (the audit trail's publish event). Null dates: the built-in default, never published.
/// </summary>
public sealed record PolicySetting(string Department, string Setting, string Label, string Value, string? DefinitionId, int? Version,
    int? SinceVersion, DateTimeOffset? Since, string? SinceBy);

/// <summary>
/// <c>GET /api/coverage/policies</c>: the policy table per department (JSON, or <c>format=csv</c>), auditors every
/// department, administrators and process owners their own; the CSV export is an audit event.
/// </summary>
public static class PolicyApi
{
    public const string ExportAction = AuditActions.PolicyExport;

    private static readonly (string Key, string Label, Func<DepartmentProcess, string> Value)[] Settings =
    [
        ("device-separation", "Scheiding zakelijk en privé toestel", p => YesNo(p.DeviceSeparation)),
        ("frequency", "Uitleesfrequentie", p => p.FrequencyText),
        ("exclude-private-contacts", "Privé- en partijpolitieke contacten uitgesloten", p => YesNo(p.ExcludePrivateContacts)),
        ("cleaning", "Schonen of markeren", p => DepartmentProcess.CleaningText(p.Cleaning)),
        ("keep-raw-dataset", "Ruwe dataset bewaard", p => YesNo(p.KeepRawDataset)),
    ];

    private static string YesNo(bool b) => b ? "ja" : "nee";

    internal static async Task<Results<Ok<IReadOnlyList<PolicySetting>>, FileContentHttpResult, ProblemHttpResult>> GetAsync(
        HttpContext context, [FromServices] DepartmentProcessReader processes, [FromServices] IWorkflowDefinitionStore definitions,
        [FromServices] IDbContextFactory<Persistence.ChatArchiveDbContext> contexts, string? department, string? format, CancellationToken ct)
    {
        var me = context.GetCurrentUser();
        var auditor = me.IsInRole(Roles.Auditor);
        if (!auditor && !me.IsInRole(Roles.Administrator) && !me.IsInRole(Roles.ProcessOwner))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Geen toegang",
                detail: "De beleidstabel is in te zien door auditors, beheerders en procesbeheerders.");
        }
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "De vraag om de beleidstabel is niet geldig",
                detail: "Kies format=csv of laat format weg (JSON).");
        }
        var code = string.IsNullOrWhiteSpace(department) ? null : department.Trim();
        if (!auditor && !me.AllDepartments)
        {
            if (code is not null && !me.MaySee(code))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Geen toegang",
                    detail: $"U ziet alleen het beleid van uw eigen departement ({me.Department}). Laat 'department' weg of vraag een auditor.");
            }
            code = me.Department;
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var codes = await db.Set<Department>().AsNoTracking().Select(d => d.Code).ToListAsync(ct);
        if (code is not null)
        {
            var match = codes.FirstOrDefault(c => string.Equals(c, code, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Niet gevonden",
                    detail: $"Departement '{code}' staat niet in het register.");
            }
            codes = [match];
        }
        var audit = context.RequestServices.GetService<IAuditTrail>();
        var rows = new List<PolicySetting>();
        foreach (var c in codes.Order(StringComparer.Ordinal)) rows.AddRange(await HistoryAsync(c, processes, definitions, audit, ct));
        if (!csv) return TypedResults.Ok<IReadOnlyList<PolicySetting>>(rows);

        await context.AuditAsync(ExportAction, "policy-table", code ?? "alle-departementen");
        return TypedResults.File(ToCsv(rows), "text/csv; charset=utf-8", $"beleid-{(code ?? "alle").ToLowerInvariant()}.csv");
    }

    /// <summary>
    /// Each setting's value in the published version, and since which version it has had that value: the versions up to
    /// the published one are walked back while the setting stays the same. Drafts between published versions count as
    /// versions too (the store keeps no history of which versions were published once).
    /// </summary>
    public static async Task<IReadOnlyList<PolicySetting>> HistoryAsync(string code, DepartmentProcessReader processes, IWorkflowDefinitionStore definitions,
        IAuditTrail? audit, CancellationToken ct)
    {
        var published = await processes.PublishedAsync(code, ProcessTemplates.PeriodicReadOut, ct);
        if (published is null)
        {
            var defaults = DepartmentProcessReader.Defaults;
            return [.. Settings.Select(s => new PolicySetting(code, s.Key, s.Label, s.Value(defaults), null, null, null, null, null))];
        }
        var versions = (await definitions.FindVersionsAsync(published.DefinitionId, ct))
            .Where(v => v.Version <= published.Version).OrderBy(v => v.Version).ToList();
        if (versions.Count == 0 || versions[^1].Version != published.Version) versions.Add(published);
        var states = versions.Select(v => (Version: v, Process: TryRead(code, v))).ToList();
        var current = DepartmentProcessReader.FromDefinition(code, published);
        var result = new List<PolicySetting>();
        foreach (var (key, label, value) in Settings)
        {
            var now = value(current);
            var i = states.Count - 1;
            while (i > 0 && states[i - 1].Process is { } p && value(p) == now) i--;
            var since = states[i].Version;
            result.Add(new PolicySetting(code, key, label, now, published.DefinitionId, published.Version, since.Version, since.CreatedAt,
                await PublisherAsync(audit, published.DefinitionId, since.CreatedAt, ct)));
        }
        return result;
    }

    private static DepartmentProcess? TryRead(string code, WorkflowDefinition v)
    {
        try
        {
            return DepartmentProcessReader.FromDefinition(code, v);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null; // an unreadable old draft: the setting counts as changed after it
        }
    }

    /// <summary>Who published the definition first at or after <paramref name="from"/> (a user id), from the audit trail.</summary>
    private static async Task<string?> PublisherAsync(IAuditTrail? audit, string definitionId, DateTimeOffset from, CancellationToken ct)
    {
        if (audit is null) return null;
        var page = await audit.QueryAsync(new AuditQuery(From: from, Action: AuditActions.DefinitionPublish, ObjectId: definitionId, PageSize: 1000), ct);
        return page.Items.Count == 0 ? null : page.Items[^1].Actor;
    }

    public static byte[] ToCsv(IReadOnlyList<PolicySetting> rows)
    {
        var sb = new StringBuilder();
        sb.Append("departement;instelling;omschrijving;waarde;definitie;versie;sinds versie;sinds;gepubliceerd door\r\n");
        foreach (var r in rows)
        {
            sb.Append(string.Join(';', new[]
            {
                r.Department, r.Setting, r.Label, r.Value, r.DefinitionId ?? "", Num(r.Version), Num(r.SinceVersion),
                r.Since?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "standaard", r.SinceBy ?? "",
            }.Select(CoverageCsv.Cell))).Append("\r\n");
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string Num(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";
}
