namespace ChatArchive.Persistence.Sealing;

/// <summary>
/// The event a fixity check leaves (issue 5 §6; Archivematica's habit: every preservation step leaves a readable record).
/// <see cref="Problems"/> is JSON <c>[{"package","kind"}]</c>; no file names, which may carry personal names.
/// </summary>
public sealed class FixityCheckRecord
{
    public long Id { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    /// <summary>"scheduled" (the server's job) or "manual".</summary>
    public string Trigger { get; set; } = "scheduled";
    public int Packages { get; set; }
    public bool Valid { get; set; }
    public int ProblemCount { get; set; }
    public string Problems { get; set; } = "[]";
    /// <summary>Why the check could not run (e.g. "no-archive-key"); null when it ran.</summary>
    public string? Error { get; set; }
}
