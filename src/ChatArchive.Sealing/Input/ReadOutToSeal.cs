using ChatArchive.Domain.Policies;

namespace ChatArchive.Sealing.Input;

/// <summary>
/// One ingested read-out as sealing needs it (Handreiking §2.2.2 steps 7-8): the kept conversations,
/// the deletion entries of removed messages, and the raw export it came from.
/// The database-backed source (ingestion + classification) yields these; see docs/notes/sealing.md.
/// </summary>
public sealed record ReadOutToSeal(
    string ReadOutId,
    OfficeholderInfo Officeholder,
    string Channel,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateTimeOffset ReadAt,
    CleaningMode Cleaning,
    bool DecisionsComplete,
    IReadOnlyList<ConversationToSeal> Conversations,
    IReadOnlyList<DeletionEntry> Deletions,
    RawExportInfo RawExport)
{
    /// <summary>Seed 000 §2.2.2 step 7: only a fully reviewed and validated set is sealed; without cleaning everything is.</summary>
    public bool IsReadyToSeal => Cleaning == CleaningMode.None || DecisionsComplete;
}
