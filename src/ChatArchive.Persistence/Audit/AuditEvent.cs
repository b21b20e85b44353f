namespace ChatArchive.Persistence.Audit;

/// <summary>
/// What happened, as the caller reports it: who (a user id, never a name), in which role and department, what
/// (a stable action code such as <c>sign-in</c> or <c>seal</c>), on which object (type and id) and with what outcome.
/// Never message text, names or phone numbers: auditors read this (CIO Rijk-rapportage 2024).
/// </summary>
public sealed record AuditEventInput(
    string Actor,
    string Role,
    string? Department,
    string Action,
    string ObjectType,
    string ObjectId,
    string Outcome = AuditOutcomes.Success);

/// <summary>One stored row of the audit trail, with its place in the chain.</summary>
public sealed record AuditEvent(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string Role,
    string? Department,
    string Action,
    string ObjectType,
    string ObjectId,
    string Outcome,
    string PreviousHash,
    string Hash);

public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Denied = "denied";
    public const string Failed = "failed";

    /// <summary>The thing was already so (a raw export already gone from the vault when its destruction was due).</summary>
    public const string AlreadyDone = "already-done";
}

/// <summary>Stable action codes; the web page and CSV show them as they are.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string DefinitionSave = "workflow-definition-save";
    public const string DefinitionPublish = "workflow-definition-publish";
    public const string RegistryCreate = "registry-create";
    public const string RegistryUpdate = "registry-update";
    public const string RegistryDelete = "registry-delete";
    public const string WorkflowDefinitionChange = "workflow-definition-change";
    public const string Seal = "seal";

    /// <summary>A raw export deleted from the vault after its read-out was sealed (object id "read-out/vault id").</summary>
    public const string RawExportDestroy = "raw-export-destroy";
    public const string AuditExport = "audit-export";

    /// <summary>The coverage report taken out as a file: CSV (API, CLI) or PDF (page, CLI); object id the view ("BZK@2024-09-16").</summary>
    public const string CoverageExport = "coverage-export";

    /// <summary>The policy table (ADR columns) exported as CSV.</summary>
    public const string PolicyExport = "policy-export";

    /// <summary>Message text was shown: a page of a read-out's messages, or one conversation opened (object id "read-out/conversation").</summary>
    public const string ContentRead = "content-read";

    /// <summary>A request refused (403): object type "endpoint", object id method and route pattern ("GET /api/audit").</summary>
    public const string AccessDenied = "access-denied";

    /// <summary>A user's refusals passed the per-minute limit: recorded once, the rest of that minute counted in the log only.</summary>
    public const string AccessDeniedLimited = "access-denied-limited";
    public const string ExportUpload = "export-upload";
    public const string ReviewDecision = "review-decision";
    public const string OfferForValidation = "offer-for-validation";
    public const string Validation = "validation";
    public const string FindingAnswer = "finding-answer";
    public const string ChecklistAnswer = "checklist-answer";
}
