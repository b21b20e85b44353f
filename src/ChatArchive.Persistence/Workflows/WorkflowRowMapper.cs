using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using static ChatArchive.Persistence.Workflows.UtcDateTimeConverter;

namespace ChatArchive.Persistence.Workflows;

/// <summary>Between the engine's model and the workflow table rows.</summary>
public static class WorkflowRowMapper
{
    public static WorkflowDefinition ToModel(WorkflowDefinitionRow r)
    {
        var d = WorkflowJson.Deserialize<WorkflowDefinition>(r.Data);
        // The columns are authoritative for the bookkeeping fields (a publish flips flags without rewriting the JSON).
        d.Id = r.Id;
        d.DefinitionId = r.DefinitionId;
        d.Version = r.Version;
        d.TenantId = r.TenantId;
        d.IsLatest = r.IsLatest;
        d.IsPublished = r.IsPublished;
        d.CreatedAt = FromUtc(r.CreatedAt);
        d.Normalize();
        return d;
    }

    public static void Fill(WorkflowDefinitionRow r, WorkflowDefinition d)
    {
        r.Id = d.Id;
        r.DefinitionId = d.DefinitionId;
        r.Version = d.Version;
        r.TenantId = d.TenantId;
        r.Name = d.Name;
        r.Description = d.Description;
        r.IsLatest = d.IsLatest;
        r.IsPublished = d.IsPublished;
        r.CreatedAt = ToUtc(d.CreatedAt);
        r.Data = WorkflowJson.Serialize(d);
    }

    public static WorkflowInstance ToModel(WorkflowInstanceRow r) => new()
    {
        Id = r.Id,
        DefinitionId = r.DefinitionId,
        DefinitionVersionId = r.DefinitionVersionId,
        Version = r.Version,
        TenantId = r.TenantId,
        Status = Enum.Parse<WorkflowStatus>(r.Status),
        SubStatus = Enum.Parse<WorkflowSubStatus>(r.SubStatus),
        CorrelationId = r.CorrelationId,
        Name = r.Name,
        IncidentCount = r.IncidentCount,
        CreatedAt = FromUtc(r.CreatedAt),
        UpdatedAt = FromUtc(r.UpdatedAt),
        FinishedAt = FromUtc(r.FinishedAt),
        State = WorkflowJson.Deserialize<WorkflowState>(r.State),
        RowVersion = r.RowVersion,
    };

    public static void Fill(WorkflowInstanceRow r, WorkflowInstance i)
    {
        r.Id = i.Id;
        r.DefinitionId = i.DefinitionId;
        r.DefinitionVersionId = i.DefinitionVersionId;
        r.Version = i.Version;
        r.TenantId = i.TenantId;
        r.Status = i.Status.ToString();
        r.SubStatus = i.SubStatus.ToString();
        r.CorrelationId = i.CorrelationId;
        r.Name = i.Name;
        r.IncidentCount = i.IncidentCount;
        r.CreatedAt = ToUtc(i.CreatedAt);
        r.UpdatedAt = ToUtc(i.UpdatedAt);
        r.FinishedAt = ToUtc(i.FinishedAt);
        r.State = WorkflowJson.Serialize(i.State);
    }

    public static WorkflowInstanceSummary ToSummary(WorkflowInstanceRow r) => new(
        r.Id, r.DefinitionId, r.DefinitionVersionId, r.Version, Enum.Parse<WorkflowStatus>(r.Status), Enum.Parse<WorkflowSubStatus>(r.SubStatus),
        r.CorrelationId, r.Name, r.IncidentCount, FromUtc(r.CreatedAt), FromUtc(r.UpdatedAt), FromUtc(r.FinishedAt), r.TenantId);

    public static WorkItem ToModel(WorkItemRow r) => new()
    {
        Id = r.Id, InstanceId = r.InstanceId, Kind = Enum.Parse<WorkItemKind>(r.Kind), ActivityId = r.ActivityId, BookmarkId = r.BookmarkId,
        IsTrigger = r.IsTrigger, Outcome = r.Outcome, Payload = r.Payload, ResumedBy = r.ResumedBy, DedupKey = r.DedupKey, CreatedAt = FromUtc(r.CreatedAt),
    };

    public static WorkItemRow ToRow(WorkItem w) => new()
    {
        InstanceId = w.InstanceId, Kind = w.Kind.ToString(), ActivityId = w.ActivityId, BookmarkId = w.BookmarkId, IsTrigger = w.IsTrigger,
        Outcome = w.Outcome, Payload = w.Payload, ResumedBy = w.ResumedBy, DedupKey = w.DedupKey, CreatedAt = ToUtc(w.CreatedAt),
    };

    public static Bookmark ToModel(BookmarkRow r) => new()
    {
        Id = r.Id, InstanceId = r.InstanceId, ActivityId = r.ActivityId, ActivityNodeId = r.ActivityNodeId, ActivityInstanceId = r.ActivityInstanceId,
        ActivityType = r.ActivityType, Kind = r.Kind, DueAt = FromUtc(r.DueAt), Payload = r.Payload, CreatedAt = FromUtc(r.CreatedAt),
    };

    public static BookmarkRow ToRow(Bookmark b) => new()
    {
        Id = b.Id, InstanceId = b.InstanceId, ActivityId = b.ActivityId, ActivityNodeId = b.ActivityNodeId, ActivityInstanceId = b.ActivityInstanceId,
        ActivityType = b.ActivityType, Kind = b.Kind, DueAt = ToUtc(b.DueAt), Payload = b.Payload, CreatedAt = ToUtc(b.CreatedAt),
    };

    public static JournalEntry ToModel(JournalRow r) => new()
    {
        Id = r.Id, InstanceId = r.InstanceId, ActivityInstanceId = r.ActivityInstanceId, ParentActivityInstanceId = r.ParentActivityInstanceId,
        ActivityId = r.ActivityId, ActivityType = r.ActivityType, ActivityTypeVersion = r.ActivityTypeVersion, ActivityName = r.ActivityName,
        NodeId = r.NodeId, Timestamp = FromUtc(r.Timestamp), Sequence = r.Sequence, EventName = r.EventName, Message = r.Message, Source = r.Source,
        Payload = r.Payload,
    };

    public static JournalRow ToRow(JournalEntry e) => new()
    {
        Id = e.Id, InstanceId = e.InstanceId, ActivityInstanceId = e.ActivityInstanceId, ParentActivityInstanceId = e.ParentActivityInstanceId,
        ActivityId = e.ActivityId, ActivityType = e.ActivityType, ActivityTypeVersion = e.ActivityTypeVersion, ActivityName = e.ActivityName,
        NodeId = e.NodeId, Timestamp = ToUtc(e.Timestamp), Sequence = e.Sequence, EventName = e.EventName, Message = e.Message, Source = e.Source,
        Payload = e.Payload,
    };

    public static ActivityExecutionRecord ToModel(ActivityExecutionRow r) => new()
    {
        Id = r.Id, InstanceId = r.InstanceId, ActivityId = r.ActivityId, ActivityNodeId = r.ActivityNodeId, ActivityType = r.ActivityType,
        ActivityTypeVersion = r.ActivityTypeVersion, ActivityName = r.ActivityName, Status = Enum.Parse<ActivityExecutionStatus>(r.Status),
        Outcome = r.Outcome, HasBookmarks = r.HasBookmarks, StartedAt = FromUtc(r.StartedAt), CompletedAt = FromUtc(r.CompletedAt),
        Inputs = Dict(r.Inputs), Outputs = Dict(r.Outputs), Exception = r.Exception,
    };

    public static void Fill(ActivityExecutionRow r, ActivityExecutionRecord e)
    {
        r.Id = e.Id;
        r.InstanceId = e.InstanceId;
        r.ActivityId = e.ActivityId;
        r.ActivityNodeId = e.ActivityNodeId;
        r.ActivityType = e.ActivityType;
        r.ActivityTypeVersion = e.ActivityTypeVersion;
        r.ActivityName = e.ActivityName;
        r.Status = e.Status.ToString();
        r.Outcome = e.Outcome;
        r.HasBookmarks = e.HasBookmarks;
        r.StartedAt = ToUtc(e.StartedAt);
        r.CompletedAt = ToUtc(e.CompletedAt);
        r.Inputs = WorkflowJson.Serialize(e.Inputs);
        r.Outputs = WorkflowJson.Serialize(e.Outputs);
        r.Exception = e.Exception;
    }

    public static HumanTaskItem ToModel(HumanTaskRow r) => new()
    {
        Id = r.Id, InstanceId = r.InstanceId, DefinitionId = r.DefinitionId, ActivityId = r.ActivityId, ActivityNodeId = r.ActivityNodeId,
        Department = r.Department, Title = r.Title, Description = r.Description, AssigneeRole = r.AssigneeRole, AssigneeUser = r.AssigneeUser,
        DueAt = FromUtc(r.DueAt), FormData = r.FormData, Outcomes = WorkflowJson.Deserialize<List<string>>(r.Outcomes),
        Status = Enum.Parse<HumanTaskStatus>(r.Status), ClaimedBy = r.ClaimedBy, ClaimedAt = FromUtc(r.ClaimedAt), CompletedBy = r.CompletedBy,
        CompletedAt = FromUtc(r.CompletedAt), Outcome = r.Outcome, Result = r.Result, CreatedAt = FromUtc(r.CreatedAt),
    };

    private static Dictionary<string, string?> Dict(string? json) =>
        string.IsNullOrEmpty(json) ? [] : WorkflowJson.Deserialize<Dictionary<string, string?>>(json);
}
