using ChatArchive.Ingestion.Pipeline;

namespace ChatArchive.Persistence.Ingestion;

/// <summary>The outcome of storing a read-out: counts for the summary and the findings (issue 3 §4, §7).</summary>
public sealed record ReadOutStored(
    long ReadOutId,
    int Number,
    bool AlreadyIngested,
    long Messages,
    long New,
    long Known,
    long Missing,
    long SystemEvents,
    long NewSystemEvents,
    long Attachments,
    IReadOnlyList<Finding> Findings,
    double? DaysSincePrevious);
