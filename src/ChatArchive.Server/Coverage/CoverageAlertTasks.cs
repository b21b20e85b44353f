using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ChatArchive.Domain.Registry;
using ChatArchive.Notifications;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Coverage;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Runtime;

namespace ChatArchive.Server.Coverage;

/// <summary>
/// Every coverage alert also opens a task for the department's process owners, in the inbox like any other task
/// ("Signaal: uitlezing te laat", …): one per dedup key, however often the check runs or on how many nodes (the
/// workflow instance id is derived from the key, so a second start is a no-op). The task is a small workflow of the
/// department ("Signaal dekking": one human task), published by the check the first time the department needs it.
/// When the cause is gone (the read-out was done, the gap secured, the finding answered, the validation done), the next
/// check closes the task by cancelling its instance. Task texts hold functions, channels, ids, dates and counts only.
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

    public static string InstanceId(string dedupKey) =>
        InstancePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dedupKey)))[..40];

    /// <summary>Opens a task for every current alert that has none yet, and closes the open ones whose cause is gone.</summary>
    public async Task<(int Opened, int Closed)> SyncAsync(IReadOnlyList<CoverageAlert> current, CancellationToken ct = default)
    {
        var opened = 0;
        var published = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alert in current)
        {
            var definitionId = ProcessTemplates.DepartmentCopyId(alert.Department, TemplateId);
            if (published.Add(definitionId)) await EnsureDefinitionAsync(alert.Department, definitionId, ct);
            var result = await runtime.StartAsync(new StartWorkflowRequest
            {
                DefinitionId = definitionId,
                Scope = TenantScope.ForDepartment(alert.Department),
                InstanceId = InstanceId(alert.Key),
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
            else if (!result.AlreadyStarted) opened++;
        }
        var keys = current.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var closed = 0;
        foreach (var (instance, key) in await OpenInstancesAsync(ct))
        {
            if (key is not null && keys.Contains(key)) continue;
            if (await runtime.CancelAsync(instance, ct)) closed++;
        }
        return (opened, closed);
    }

    /// <summary>What the task says: the alert in words and where to look; the cause closes the task, not a click.</summary>
    private static string Description(CoverageAlert alert) =>
        $"{alert.Title}. Zie {alert.Link}. Deze taak sluit vanzelf zodra de oorzaak weg is (bij de volgende controle van de dekking); " +
        "u kunt hem ook afronden als u de oorzaak hebt vastgelegd. Zo blijft de dekking per functie aantoonbaar, zoals de CIO Rijk-rapportage 2024 vraagt.";

    /// <summary>Signal instances not finished, with the dedup key they were opened for.</summary>
    private async Task<List<(string Instance, string? Key)>> OpenInstancesAsync(CancellationToken ct)
    {
        var open = new List<(string, string?)>();
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync(ct);
        await using var cmd = DbCommands.Create(conn, null,
            "SELECT id, correlation_id FROM wf_instances WHERE id LIKE @prefix AND definition_id LIKE @definition AND status <> @finished",
            ("prefix", InstancePrefix + "%"), ("definition", "%-" + TemplateId), ("finished", nameof(WorkflowStatus.Finished)));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) open.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1)));
        return open;
    }

    private async Task EnsureDefinitionAsync(string department, string definitionId, CancellationToken ct)
    {
        if ((await store.FindVersionsAsync(definitionId, ct)).Count > 0) return;
        var model = WorkflowDefinitionExporter.Import(DefinitionJson(definitionId), definitionId);
        var result = await definitions.SaveAsync(model, publish: true, TenantScope.ForDepartment(department), ct);
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
