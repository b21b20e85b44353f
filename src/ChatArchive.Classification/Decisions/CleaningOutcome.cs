using ChatArchive.Domain.Policies;

namespace ChatArchive.Classification.Decisions;

/// <summary>Result of step 7: the final state per message, the removal records, and whether the raw dataset is kept (department policy).</summary>
public sealed record CleaningOutcome(
    IReadOnlyDictionary<string, FinalState> FinalStates,
    IReadOnlyList<RemovalRecord> Removals,
    CleaningMode Mode,
    bool KeepRawDataset)
{
    public int Count(FinalState state) => FinalStates.Values.Count(s => s == state);
}
