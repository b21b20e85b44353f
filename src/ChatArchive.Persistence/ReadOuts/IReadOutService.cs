using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Persistence.ReadOuts;

/// <summary>
/// The stored life cycle of one read-out (uitlezing, Handreiking §2.2.2 steps 1–8), called by BOTH the REST API
/// (/api/read-outs) and the workflow activities. One read-out belongs to one officeholder and one workflow instance.
///
/// Guarantees of every operation:
/// - it runs in ONE database transaction: it commits completely or changes nothing (a crash mid-way loses nothing);
/// - a refused operation throws <see cref="ReadOutException"/> with a Dutch message that says what to do, and changes nothing;
/// - a step out of order (<see cref="ReadOutStage"/>) is refused with <see cref="ReadOutProblem.OutOfOrder"/>, naming the step that must come first;
/// - operations a workflow activity may repeat after a crash are idempotent: the second call returns the first call's
///   result and never runs a module (ingestion, classification, sealing) twice;
/// - the classification module's decision model (<see cref="CleaningReview"/>) stays the one place of the review rules:
///   the service loads the stored state into a CleaningReview, calls it, and stores what changed;
/// - nothing is logged but ids and counts (no message text, names or phone numbers).
/// The service does NOT decide who may see a read-out (the API's scope checks do); it does check the rules of the
/// domain that involve a person: reviewer ≠ validator, validation only by the officeholder's own user or a trustee
/// registered for that officeholder, roles of <see cref="Actor"/>.
/// </summary>
public interface IReadOutService
{
    /// <summary>
    /// Creates the read-out of one officeholder in their department for a workflow instance (stage <see cref="ReadOutStage.Planned"/>).
    /// Idempotent per (<see cref="StepKey.WorkflowInstanceId"/>, <see cref="StepKey.ActivityId"/>): a second call returns the
    /// read-out the first created, unchanged. The policy given (from the workflow's inputs, never from the registry) is stored
    /// with the read-out and used by the later steps unless a step is given its own policy.
    /// Refused when the officeholder is not in the registry.
    /// </summary>
    Task<ReadOutState> CreateAsync(CreateReadOut request, CancellationToken ct = default);

    /// <summary>Records the planned read-out appointment (step 2, agreed with the secretariat). Allowed until an export is uploaded; a later call replaces the date.</summary>
    Task<ReadOutState> PlanAsync(long readOutId, DateTimeOffset plannedAt, Actor by, CancellationToken ct = default);

    /// <summary>
    /// Registers one or more uploaded export files (step 3): each is stored encrypted in the raw-export vault, its format
    /// detected as <c>chatarchive inspect</c> does, its channel taken from the upload. All files or none: an unknown format,
    /// another officeholder's export (the export names an owner who is not this officeholder) or an upload after sealing is
    /// refused and nothing is stored. The same file (same SHA-256) twice is registered once (<see cref="RegisteredUpload.AlreadyRegistered"/>).
    /// Stage becomes <see cref="ReadOutStage.Uploaded"/>; uploads are accepted while the read-out is Planned or Uploaded, and
    /// after that refused until the read-out is sealed (then always refused).
    /// </summary>
    Task<UploadResult> RegisterUploadsAsync(long readOutId, IReadOnlyList<ExportUpload> files, Actor by, CancellationToken ct = default);

    /// <summary>
    /// Ingests every registered upload not yet ingested (calls the ingestion store; an upload is never ingested twice) and
    /// stores the findings (missing messages since the last read-out, disappearing messages on, deletion tombstones, a gap
    /// between read-outs). Stage becomes <see cref="ReadOutStage.Ingested"/>. Idempotent: a repeat returns the stored counts.
    /// A failure (unreadable export) throws <see cref="ReadOutException"/> with <see cref="ReadOutProblem.Invalid"/> and
    /// leaves the read-out Uploaded.
    /// </summary>
    Task<IngestResult> IngestAsync(long readOutId, CancellationToken ct = default);

    /// <summary>
    /// Stores the classifier's suggestion (label, confidence, reasons, special categories) for every message this read-out
    /// brought in (first seen in it). The department's settings come in as <paramref name="policy"/> (workflow inputs);
    /// contacts registered private or party-political are excluded when <see cref="DepartmentPolicy.ExcludePrivateContacts"/>.
    /// Stage becomes <see cref="ReadOutStage.Suggested"/>. Idempotent: suggestions are stored once; a repeat returns the counts.
    /// </summary>
    Task<SuggestResult> SuggestAsync(long readOutId, DepartmentPolicy policy, CancellationToken ct = default);

    /// <summary>
    /// Records the information professional's decision (step 4) on one message, every open message of a conversation, or
    /// every open message with a contact (<see cref="DecisionRequest"/>). Refused, changing nothing, for a message of another
    /// read-out, a role other than information professional, or a message already validated or final. Stage becomes
    /// <see cref="ReadOutStage.InReview"/> (allowed from Suggested and InReview).
    /// </summary>
    Task<DecisionResult> DecideAsync(long readOutId, DecisionRequest request, CancellationToken ct = default);

    /// <summary>
    /// Offers the reviewed read-out for validation (step 5). Refused while any message is undecided (the message says how
    /// many). Stage becomes <see cref="ReadOutStage.Offered"/>; with nothing marked, or a policy without four-eyes, the
    /// read-out goes straight to <see cref="ReadOutStage.Validated"/>. The deadline, when given, ends validation.
    /// </summary>
    Task<ReadOutState> OfferForValidationAsync(long readOutId, Actor by, DateTimeOffset? deadline = null, CancellationToken ct = default);

    /// <summary>
    /// Records the officeholder's or trustee's verdicts on marked messages (step 6). Only the officeholder's own user or a
    /// trustee registered for THAT officeholder (active on the day) may validate, never a reviewer of the message, never
    /// after the deadline; every verdict checked before any is stored. When every marked message has a verdict the outcome
    /// is <see cref="ValidationOutcome.Agreed"/> (stage <see cref="ReadOutStage.Validated"/>) or
    /// <see cref="ValidationOutcome.Disputed"/> (stage stays Offered until <see cref="ReturnDisputedAsync"/>).
    /// </summary>
    Task<ValidationResult> ValidateAsync(long readOutId, ValidationRequest request, CancellationToken ct = default);

    /// <summary>
    /// Sends exactly the disputed messages back to review (stage <see cref="ReadOutStage.InReview"/>) with the validator's
    /// notes; every other decision stays. Idempotent: with nothing disputed it returns an empty list and changes nothing.
    /// </summary>
    Task<IReadOnlyList<long>> ReturnDisputedAsync(long readOutId, CancellationToken ct = default);

    /// <summary>
    /// Step 7 per cleaning mode: <see cref="CleaningMode.Remove"/> purges text and attachments of removed messages from the
    /// database and from the vault copy of the raw export and keeps a deletion record without content;
    /// <see cref="CleaningMode.Mark"/> keeps them with a restriction mark; <see cref="CleaningMode.None"/> keeps all. The raw
    /// export is kept or destroyed per <see cref="DepartmentPolicy.KeepRawDataset"/> after sealing (sealing needs the
    /// attachments). Stage becomes <see cref="ReadOutStage.Cleaned"/>. Idempotent: a repeat returns the stored outcome.
    /// </summary>
    Task<CleaningResult> ApplyCleaningAsync(long readOutId, DepartmentPolicy policy, Actor by, CancellationToken ct = default);

    /// <summary>
    /// Step 8: seals the read-out's ingested exports with the existing sealing code; <paramref name="by"/> is the signed-in
    /// user who completed the step (sealedBy). Removed messages never enter a package. Never seals twice: a repeat returns
    /// the packages already sealed. Refused while findings are unanswered. Stage becomes <see cref="ReadOutStage.Sealed"/>;
    /// then the raw export is destroyed when the policy does not keep it.
    /// </summary>
    Task<SealResult> SealAsync(long readOutId, Actor by, CancellationToken ct = default);

    /// <summary>Records what was done about one finding (discussed with the officeholder, explained, escalated). A later answer replaces an earlier one until sealing.</summary>
    Task<FindingView> AnswerFindingAsync(long readOutId, long findingId, FindingAnswer answer, CancellationToken ct = default);

    /// <summary>The read-out's life-cycle state and counts; null when it does not exist.</summary>
    Task<ReadOutState?> GetAsync(long readOutId, CancellationToken ct = default);

    /// <summary>The read-out created for a workflow instance (by <see cref="CreateAsync"/>); null when none.</summary>
    Task<ReadOutState?> FindByWorkflowInstanceAsync(string workflowInstanceId, CancellationToken ct = default);
}

/// <summary>Checklists (onboarding, departure) and coverage secured elsewhere: evidence kept for auditors.</summary>
public interface IChecklistService
{
    /// <summary>Creates the checklist of a workflow step; idempotent per <see cref="StepKey"/> (a repeat returns the first, with its answers).</summary>
    Task<ChecklistView> CreateAsync(CreateChecklist request, CancellationToken ct = default);

    /// <summary>
    /// Stores answers (each item confirmed, or not with a reason). Every answer checked before any is stored: an unknown item,
    /// "not confirmed" without a reason, or a checklist already completed is refused. <see cref="ChecklistView.Completed"/>
    /// is true once every item has an answer and <paramref name="complete"/> was asked.
    /// </summary>
    Task<ChecklistView> AnswerAsync(long checklistId, IReadOnlyList<ChecklistAnswer> answers, Actor by, bool complete, CancellationToken ct = default);

    Task<ChecklistView?> GetAsync(long checklistId, CancellationToken ct = default);

    /// <summary>The checklist created for a workflow step; null when none.</summary>
    Task<ChecklistView?> FindAsync(StepKey step, CancellationToken ct = default);

    /// <summary>Registers a channel secured elsewhere (e-mail on the department's mail server, a social media account): the period and where. Idempotent per <see cref="StepKey"/> when one is given.</summary>
    Task<CoverageElsewhereView> RegisterCoverageAsync(RegisterCoverage request, CancellationToken ct = default);

    Task<IReadOnlyList<CoverageElsewhereView>> CoverageAsync(long officeholderId, CancellationToken ct = default);
}

/// <summary>
/// What the API tells the workflow after it committed a change a waiting activity needs. spine-flow implements it by
/// resuming the instance's bookmark. Called AFTER the service's transaction committed; a lost call (crash between commit
/// and signal) is recovered because a waiting activity first reads <see cref="IReadOutService.GetAsync"/> and does not wait
/// when the stage has already passed. Implementations must be idempotent (the same signal twice resumes once).
/// </summary>
public interface IReadOutSignals
{
    /// <summary>One or more export files were uploaded (stage Uploaded).</summary>
    Task UploadCompletedAsync(ReadOutState readOut, CancellationToken ct = default);

    /// <summary>The professional offered the read-out for validation (stage Offered, or Validated when nothing needs validation).</summary>
    Task ReviewOfferedAsync(ReadOutState readOut, CancellationToken ct = default);

    /// <summary>Every marked message has a verdict: <see cref="ValidationOutcome.Agreed"/> or <see cref="ValidationOutcome.Disputed"/>.</summary>
    Task ValidationSubmittedAsync(ReadOutState readOut, ValidationOutcome outcome, CancellationToken ct = default);

    /// <summary>Every finding of the read-out has an answer.</summary>
    Task FindingsAnsweredAsync(ReadOutState readOut, CancellationToken ct = default);

    /// <summary>A checklist was completed.</summary>
    Task ChecklistCompletedAsync(ChecklistView checklist, CancellationToken ct = default);
}

/// <summary>No workflow listening (modules alone, CLI, tests of the API without the engine).</summary>
public sealed class NoReadOutSignals : IReadOutSignals
{
    public static readonly NoReadOutSignals Instance = new();
    public Task UploadCompletedAsync(ReadOutState readOut, CancellationToken ct = default) => Task.CompletedTask;
    public Task ReviewOfferedAsync(ReadOutState readOut, CancellationToken ct = default) => Task.CompletedTask;
    public Task ValidationSubmittedAsync(ReadOutState readOut, ValidationOutcome outcome, CancellationToken ct = default) => Task.CompletedTask;
    public Task FindingsAnsweredAsync(ReadOutState readOut, CancellationToken ct = default) => Task.CompletedTask;
    public Task ChecklistCompletedAsync(ChecklistView checklist, CancellationToken ct = default) => Task.CompletedTask;
}
