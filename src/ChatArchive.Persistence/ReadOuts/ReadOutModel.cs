using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>The life cycle of a read-out (Handreiking §2.2.2); the order is the only order allowed.</summary>
public enum ReadOutStage
{
    Planned = 0,
    Uploaded = 1,
    Ingested = 2,
    Suggested = 3,
    InReview = 4,
    Offered = 5,
    Validated = 6,
    Cleaned = 7,
    Sealed = 8,
}

/// <summary>Why an operation was refused; the API maps it to a status (404, 403, 409, 400).</summary>
public enum ReadOutProblem
{
    NotFound,
    Forbidden,
    OutOfOrder,
    Conflict,
    Invalid,
}

/// <summary>A refused operation: <see cref="Exception.Message"/> is Dutch and says what to do; nothing was changed.</summary>
public sealed class ReadOutException(ReadOutProblem problem, string message) : Exception(message)
{
    public ReadOutProblem Problem { get; } = problem;
}

/// <summary>Identifies the workflow step that asked: repeats of the same step (after a crash) are recognised by it.</summary>
public sealed record StepKey(string WorkflowInstanceId, string ActivityId);

/// <summary>
/// A new read-out. <paramref name="Channel"/> is the expected channel (uploads may name their own);
/// <paramref name="Policy"/> comes from the workflow's inputs; <paramref name="ValidatorRole"/> is
/// <c>officeholder</c> or <c>trustee</c> (who validates, per the department's definition).
/// </summary>
public sealed record CreateReadOut(
    StepKey Step,
    long OfficeholderId,
    string? Channel,
    DepartmentPolicy Policy,
    string ValidatorRole,
    Actor By,
    DateTimeOffset? DueOn = null);

/// <summary>Where a read-out is and what is open; counts only, no message text.</summary>
public sealed record ReadOutState(
    long Id,
    long OfficeholderId,
    long DepartmentId,
    string? Channel,
    string WorkflowInstanceId,
    ReadOutStage Stage,
    DepartmentPolicy Policy,
    string ValidatorRole,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PlannedAt,
    DateTimeOffset? ValidationDeadline,
    int Uploads,
    long Messages,
    long Undecided,
    long Marked,
    long AwaitingValidation,
    long Disputed,
    int Findings,
    int OpenFindings,
    DateTimeOffset? SealedAt,
    string? SealedBy,
    IReadOnlyList<string> Packages);

/// <summary>One uploaded export file. <paramref name="Channel"/> per file; the stream is read once.</summary>
public sealed record ExportUpload(string FileName, string Channel, Stream Content, string? Format = null);

public sealed record RegisteredUpload(long UploadId, string FileName, string Channel, string Format, string Sha256, long Bytes, bool AlreadyRegistered);

public sealed record UploadResult(ReadOutState ReadOut, IReadOnlyList<RegisteredUpload> Uploads);

/// <summary>
/// One finding of ingestion (kind as in ingestion: missing, disappearing-messages, deletion, gap…) and its answer.
/// <paramref name="NeedsAnswer"/>: the finding must be answered before sealing (missing messages, disappearing messages on,
/// deletion tombstones, a gap longer than the department's interval); otherwise it only informs.
/// </summary>
public sealed record FindingView(
    long Id,
    string Kind,
    DateTimeOffset? At,
    string Detail,
    long? ConversationId,
    FindingResolution? Resolution,
    string? AnswerNote,
    string? AnsweredBy,
    DateTimeOffset? AnsweredAt,
    bool NeedsAnswer);

/// <summary>What the professional did about a finding.</summary>
public enum FindingResolution
{
    /// <summary>Besproken met de bewindspersoon.</summary>
    Discussed = 0,
    /// <summary>Verklaard (e.g. the chat was deliberately left out of the export).</summary>
    Explained = 1,
    /// <summary>Geëscaleerd.</summary>
    Escalated = 2,
}

public sealed record FindingAnswer(FindingResolution Resolution, string Note, Actor By);

public sealed record IngestResult(
    ReadOutState ReadOut,
    long Messages,
    long New,
    long Known,
    long Missing,
    long Attachments,
    IReadOnlyList<FindingView> Findings,
    bool AlreadyIngested)
{
    /// <summary>The activity's outcome: <c>Bevindingen</c> when any finding needs an answer, else <c>Ingelezen</c> (informational findings do not count).</summary>
    public bool HasFindings => Findings.Any(f => f.NeedsAnswer);
}

public sealed record SuggestResult(ReadOutState ReadOut, long Suggested, long Business, long Private, long PartyPolitical, long SpecialCategory, long ExcludedByContact, bool AlreadySuggested);

/// <summary>Which messages one decision covers.</summary>
public enum DecisionScope
{
    Message = 0,
    Conversation = 1,
    Contact = 2,
    /// <summary>
    /// The open messages a filter found (the review page's "per current filter"): <see cref="DecisionRequest.Target"/> is
    /// their ids, comma-separated; one label for all of them in one transaction.
    /// </summary>
    Messages = 3,
}

/// <summary>
/// A review decision. <paramref name="Target"/> is the message id (Message), the conversation id (Conversation) or the
/// contact as shown (sender name or number; Contact). <paramref name="Label"/> null confirms the suggestion (Message only).
/// </summary>
public sealed record DecisionRequest(DecisionScope Scope, string Target, MessageLabel? Label, string? Note, Actor By);

public sealed record DecisionResult(ReadOutState ReadOut, int Decided);

public sealed record MessageVerdict(long MessageId, bool Agrees, string? Note);

public sealed record ValidationRequest(IReadOnlyList<MessageVerdict> Verdicts, Actor By);

public enum ValidationOutcome
{
    /// <summary>Verdicts recorded, marked messages still wait for one.</summary>
    Pending = 0,
    /// <summary>Akkoord: every marked message agreed.</summary>
    Agreed = 1,
    /// <summary>Niet akkoord: at least one disputed; those go back to review.</summary>
    Disputed = 2,
}

public sealed record ValidationResult(ReadOutState ReadOut, ValidationOutcome Outcome, int Recorded, IReadOnlyList<long> DisputedMessageIds);

public sealed record CleaningResult(ReadOutState ReadOut, CleaningMode Mode, long Kept, long Removed, long Marked, bool KeepRawDataset, bool AlreadyApplied);

public sealed record SealResult(ReadOutState ReadOut, IReadOnlyList<string> Packages, bool AlreadySealed, bool RawExportDestroyed);

public sealed record ChecklistItem(string Key, string Text, string Explanation);

/// <summary>Kind: e.g. <c>onboarding</c>, <c>departure</c>; items with a Dutch explanation each.</summary>
public sealed record CreateChecklist(StepKey Step, long OfficeholderId, string Kind, string Title, IReadOnlyList<ChecklistItem> Items, string? AssigneeRole, Actor By);

public sealed record ChecklistAnswer(string ItemKey, bool Confirmed, string? Reason);

public sealed record ChecklistItemView(string Key, string Text, string Explanation, bool? Confirmed, string? Reason, string? AnsweredBy, DateTimeOffset? AnsweredAt);

public sealed record ChecklistView(
    long Id,
    long OfficeholderId,
    long DepartmentId,
    string WorkflowInstanceId,
    string Kind,
    string Title,
    string? AssigneeRole,
    IReadOnlyList<ChecklistItemView> Items,
    bool Completed,
    string? CompletedBy,
    DateTimeOffset? CompletedAt);

/// <summary>A channel secured outside the chat read-out: <paramref name="Channel"/> e.g. <c>email</c>, <c>social-media</c>.</summary>
public sealed record RegisterCoverage(long OfficeholderId, string Channel, string Account, DateOnly From, DateOnly? To, string SecuredWhere, Actor By, StepKey? Step = null);

public sealed record CoverageElsewhereView(long Id, long OfficeholderId, string Channel, string Account, DateOnly From, DateOnly? To, string SecuredWhere, string RegisteredBy, DateTimeOffset RegisteredAt);
