namespace ChatArchive.Ingestion.Pipeline;

/// <summary>
/// Numbers identical messages within one export: the first "Ok" of a minute is occurrence 0, the
/// second occurrence 1 (FORMATS.md §1.8 item 11: a multiset, never a set). Holds one entry per
/// distinct fingerprint of the export (24 bytes each, not the text).
/// </summary>
public sealed class OccurrenceCounter
{
    private readonly Dictionary<(string, Fingerprint), int> _counts = new();

    public int Next(string conversationKey, Fingerprint fp)
    {
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, (conversationKey, fp), out _);
        return slot++;
    }

    public int Count(string conversationKey, Fingerprint fp) => _counts.TryGetValue((conversationKey, fp), out var n) ? n : 0;
}
