using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ChatArchive.Domain.Registry;
using ChatArchive.Notifications;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Runtime;

namespace ChatArchive.Server.Coverage;

/// <summary>
/// Every coverage alert also opens a task for the department's process owners, in the inbox like any other task
/// ("Signaal: uitlezing te laat", …): one per dedup key, however often the check runs or on how many nodes (the
/// workflow instance id is derived from the key, so a second start is a no-op). The task is a small workflow of the
/// department ("Signaal dekking": one human task), published by the check the first time the department needs it.
/// When the cause is gone (the read-out was done, the gap secured, the finding answered, the validation done), the next
/// check closes the task by cancelling its instance. When the same cause comes back at a later check (same dedup key),
/// a <b>new</b> task is opened and mailed again; the cancelled one stays cancelled. A task a person finished (the cause
/// recorded) has nothing left to cancel: a check that finds its cause gone writes that down (<c>coverage_signal_cleared</c>),
/// so when the cause comes back it too gets a new task; while its cause stays, it stays finished. A new one rather than the old one
/// reopened: a cancelled instance is finished for the engine (there is no bookmark left to resume, and retry only
/// restarts faulted work), and the inbox then shows both facts (the cause went, the cause came back) with their dates.
/// The new instance's id is derived from the key and its generation, so two nodes still start it only once.
/// Task texts hold functions, channels, ids, dates and counts only.
/// </summary>
public sealed class CoverageAlertTasks(IWorkflowDefinitionService definitions, IWorkflowDefinitionStore store, IWorkflowRuntime runtime,
    DatabaseOptions database, ILogger<CoverageAlertTasks> logger)
{
    /// <summary>The department's definition is <c>&lt;department&gt;-dekkingssignaal</c>.</summary>
    public const string TemplateId = "dekkingssignaal";

    /// <summary>Instances of signal tasks are named <c>signaal-</c> + a hash of the alert's dedup key.</summary>
    public const string InstancePrefix = "signaal-";

    /// <summary>The task's title per kind: what the inbox shows and filters on.</summary>
    public static string TaskTitle(NotificationKind kind) => kind switch
    {
        NotificationKind.ReadOutOverdue => "Signaal: uitlezing te laat",
        NotificationKind.CoverageGap => "Signaal: gat in de veiliggestelde periode",
        NotificationKind.FindingUnanswered => "Signaal: bevinding zonder antwoord",
        NotificationKind.ValidationOverdue => "Signaal: validatie niet gedaan",
        _ => "Signaal: dekking",
    };

    /// <summary>
    /// The instance of a key's first task; a task reopened after its cause went away and came back is generation 1, 2, …
    /// (still derived from the key, so two nodes reopening at once start the same instance).
    /// </summary>
    public static string InstanceId(string dedupKey, int generation = 0) =>
        InstancePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(generation == 0 ? dedupKey : $"{dedupKey}#{generation}")))[..40];

    /// <summary>
    /// Opens a task for every current alert that has none open, and closes the open ones whose cause is gone. A key whose
    /// last task was closed by a check, or finished by a person and then found without cause by a check, and whose cause
    /// is back gets a new task: reopened. A task a person finished stays finished while its cause is there.
    /// </summary>
    public async Task<SignalSync> SyncAsync(IReadOnlyList<CoverageAlert> current, CancellationToken ct = default)
    {
        var opened = 0;
        var reopened = new List<CoverageAlert>();
        var published = new HashSet<string>(StringComparer.Ordinal);
        var signals = await SignalInstancesAsync(ct);
        var byKey = signals.Where(s => s.Key is not null).GroupBy(s => s.Key!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var cleared = await ClearedAsync(ct);
        foreach (var alert in current)
        {
            var generation = 0;
            if (byKey.TryGetValue(alert.Key, out var earlier))
            {
                if (earlier.Any(s => s.Status != nameof(WorkflowStatus.Finished))) continue; // open: nothing to do
                // Finished by a person and its cause never gone since: it stays finished.
                if (!CauseWentAway(Last(alert.Key, earlier), cleared)) continue;
                generation = earlier.Count;
            }
            var definitionId = ProcessTemplates.DepartmentCopyId(alert.Department, TemplateId);
            if (published.Add(definitionId)) await EnsureDefinitionAsync(alert.Department, definitionId, ct);
            var result = await runtime.StartAsync(new StartWorkflowRequest
            {
                DefinitionId = definitionId,
                Scope = TenantScope.ForDepartment(alert.Department),
                InstanceId = InstanceId(alert.Key, generation),
                CorrelationId = alert.Key,
                Name = TaskTitle(alert.Kind),
                Input = new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["Soort"] = TaskTitle(alert.Kind),
                    ["Toelichting"] = Description(alert),
                    ["Rol"] = Roles.ProcessOwner,
                },
            }, ct);
            if (result.InstanceId is null)
                logger.LogError("Coverage signal task for department {Department} not started: the signal workflow cannot start", alert.Department);
            else if (!result.AlreadyStarted)
            {
                opened++;
                if (generation > 0) reopened.Add(alert with { Key = $"{alert.Key}#{generation}" });
            }
        }
        var keys = current.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var closed = 0;
        foreach (var signal in signals.Where(s => s.Status != nameof(WorkflowStatus.Finished)))
        {
            if (signal.Key is not null && keys.Contains(signal.Key)) continue;
            if (await runtime.CancelAsync(signal.Instance, ct)) closed++;
        }
        // A task a person finished whose cause is gone now: written down, so its cause coming back opens a new task.
        foreach (var (key, earlier) in byKey)
        {
            if (keys.Contains(key)) continue;
            var last = Last(key, earlier);
            if (last.Status == nameof(WorkflowStatus.Finished) && !CauseWentAway(last, cleared)) await MarkClearedAsync(last.Instance, key, ct);
        }
        return new SignalSync(opened, closed, reopened);
    }

    /// <summary>The last task of a key: generations are started one after the other (0, 1, …), so the last is Count - 1.</summary>
    private static SignalInstance Last(string key, List<SignalInstance> earlier) =>
        earlier.Find(s => s.Instance == InstanceId(key, earlier.Count - 1)) ?? earlier[^1];

    /// <summary>Its cause went away after it was opened: cancelled by a check, or finished by a person and found gone later.</summary>
    private static bool CauseWentAway(SignalInstance last, HashSet<string> cleared) =>
        last.SubStatus == nameof(WorkflowSubStatus.Cancelled) || cleared.Contains(last.Instance);

    private async Task<HashSet<string>> ClearedAsync(CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync(ct);
        await using var cmd = DbCommands.Create(conn, null, "SELECT instance_id FROM coverage_signal_cleared");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) ids.Add(r.GetString(0));
        return ids;
    }

    /// <summary>Once per instance, also when two nodes check at once.</summary>
    private async Task MarkClearedAsync(string instance, string key, CancellationToken ct)
    {
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync(ct);
        await using var cmd = DbCommands.Create(conn, null,
            "INSERT INTO coverage_signal_cleared (instance_id, dedup_key) VALUES (@i, @k) ON CONFLICT (instance_id) DO NOTHING", ("i", instance), ("k", key));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>What the task says: the alert in words and where to look; the cause closes the task, not a click.</summary>
    private static string Description(CoverageAlert alert) =>
        $"{alert.Title}. Zie {alert.Link}. Deze taak sluit vanzelf zodra de oorzaak weg is (bij de volgende controle van de dekking); " +
        "u kunt hem ook afronden als u de oorzaak hebt vastgelegd. Zo blijft de dekking per functie aantoonbaar, zoals de CIO Rijk-rapportage 2024 vraagt.";

    /// <summary>Every signal instance, open or finished, with the dedup key it was opened for.</summary>
    private async Task<List<SignalInstance>> SignalInstancesAsync(CancellationToken ct)
    {
        var all = new List<SignalInstance>();
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync(ct);
        await using var cmd = DbCommands.Create(conn, null,
            "SELECT id, correlation_id, status, sub_status FROM wf_instances WHERE id LIKE @prefix AND definition_id LIKE @definition",
            ("prefix", InstancePrefix + "%"), ("definition", "%-" + TemplateId));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            all.Add(new SignalInstance(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetString(3)));
        }
        return all;
    }

    private sealed record SignalInstance(string Instance, string? Key, string Status, string SubStatus);

    private async Task EnsureDefinitionAsync(string department, string definitionId, CancellationToken ct)
    {
        if ((await store.FindVersionsAsync(definitionId, ct)).Count > 0) return;
        var model = WorkflowDefinitionExporter.Import(DefinitionJson(definitionId), definitionId);
        SaveWorkflowDefinitionResult result;
        try
        {
            result = await definitions.SaveAsync(model, publish: true, TenantScope.ForDepartment(department), ct);
        }
        catch (WorkflowEngineException e) when (e.Kind == WorkflowErrorKind.Conflict)
        {
            // Two checks at once (two nodes, or the daily run beside a manual one) both found no definition and both
            // published it: the store took the first and answers the second with a conflict. The first one's version stands.
            if ((await store.FindVersionsAsync(definitionId, ct)).Count > 0) return;
            throw;
        }
        if (!result.Saved && (await store.FindVersionsAsync(definitionId, ct)).Count == 0)
            logger.LogError("Coverage signal definition for department {Department} refused: {Count} validation error(s)", department, result.ValidationErrors.Count);
    }

    /// <summary>Start → one human task whose title, text and role come from the instance's input.</summary>
    public static string DefinitionJson(string definitionId)
    {
        static JsonObject Input(string type, string expression, string typeName = "String") => new()
        {
            ["typeName"] = typeName,
            ["expression"] = new JsonObject { ["type"] = type, ["value"] = expression },
            ["memoryReference"] = null,
        };
        static JsonObject Declared(string name, string displayName) => new()
        {
            ["name"] = name, ["type"] = "String", ["isArray"] = false, ["displayName"] = displayName, ["category"] = "Instantie", ["uiHint"] = "singleline",
        };
        var root = new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = "Signaal dekking",
            ["description"] = "Een signaal uit de dagelijkse controle van de dekking (uitlezing te laat, gat in de veiliggestelde periode, " +
                "bevinding zonder antwoord, validatie niet gedaan) als taak voor de procesbeheerder; sluit vanzelf zodra de oorzaak weg is.",
            ["variables"] = new JsonArray(),
            ["inputs"] = new JsonArray(Declared("Soort", "Soort signaal"), Declared("Toelichting", "Toelichting"), Declared("Rol", "Rol")),
            ["outputs"] = new JsonArray(),
            ["outcomes"] = new JsonArray(),
            ["root"] = new JsonObject
            {
                ["id"] = "flow1",
                ["nodeId"] = "Workflow1:flow1",
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["activities"] = new JsonArray(
                    new JsonObject { ["id"] = "start", ["nodeId"] = "Workflow1:flow1:start", ["name"] = "Start", ["type"] = "Elsa.Start", ["version"] = 1 },
                    new JsonObject
                    {
                        ["id"] = "signaal",
                        ["nodeId"] = "Workflow1:flow1:signaal",
                        ["name"] = "Signaal",
                        ["type"] = "ChatArchive.HumanTask",
                        ["version"] = 1,
                        ["title"] = Input("Liquid", "{{ Input.Soort }}"),
                        ["description"] = Input("Liquid", "{{ Input.Toelichting }}"),
                        ["assigneeRole"] = Input("Liquid", "{{ Input.Rol }}"),
                        ["outcomes"] = Input("Object", "[\"Afgehandeld\"]", "String[]"),
                        // The alert's own mail already tells the process owner; the task's "new task" mail would be a second.
                        ["sendMail"] = Input("Literal", "false", "Boolean"),
                    }),
                ["connections"] = new JsonArray(new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = "start", ["port"] = "Done" },
                    ["target"] = new JsonObject { ["activity"] = "signaal", ["port"] = "In" },
                    ["vertices"] = new JsonArray(),
                }),
            },
        };
        return root.ToJsonString();
    }
}

/// <summary>One sync of the signal tasks: tasks opened (reopened ones included), closed, and the alerts reopened (their
/// key with the generation, so each reopening is mailed once).</summary>
public sealed record SignalSync(int Opened, int Closed, IReadOnlyList<CoverageAlert> Reopened);
