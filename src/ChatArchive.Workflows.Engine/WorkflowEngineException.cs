namespace ChatArchive.Workflows.Engine;

/// <summary>What kind of failure, so an HTTP layer can map it to a ProblemDetails status.</summary>
public enum WorkflowErrorKind
{
    /// <summary>400: the request itself is wrong (bad definition, unknown outcome, bad version option).</summary>
    Validation,
    /// <summary>404: no such definition, instance or task (or not visible to this department).</summary>
    NotFound,
    /// <summary>409: the state does not allow it (task already completed, claimed by someone else).</summary>
    Conflict,
    /// <summary>403: visible but not allowed (a department editing the government-wide template set).</summary>
    Forbidden,
}

/// <summary>
/// A failure meant for a person: <see cref="Exception.Message"/> is Dutch and says what to do next.
/// Nothing was changed when this is thrown (services check before they write).
/// </summary>
public sealed class WorkflowEngineException(WorkflowErrorKind kind, string message, IReadOnlyList<Model.ValidationError>? errors = null)
    : Exception(message)
{
    public WorkflowErrorKind Kind { get; } = kind;
    public IReadOnlyList<Model.ValidationError> Errors { get; } = errors ?? [];
}
