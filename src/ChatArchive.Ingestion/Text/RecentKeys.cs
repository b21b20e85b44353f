namespace ChatArchive.Ingestion.Text;

/// <summary>
/// A small direct-mapped cache in front of a dictionary keyed by a span (author names from a line): a chat has a few
/// dozen names and a million lines, so most lookups are answered by one slot chosen from the key's length and its first
/// and last unit, and one comparison, without hashing the whole key. A miss (or two names sharing a slot) falls back to
/// the caller's dictionary, which stays the source of truth.
/// </summary>
internal sealed class RecentKeys<TUnit, TValue>
    where TUnit : unmanaged, IEquatable<TUnit>
    where TValue : class
{
    private const int Slots = 256;
    private readonly TUnit[]?[] _keys = new TUnit[]?[Slots];
    private readonly TValue?[] _values = new TValue?[Slots];

    public bool TryGet(ReadOnlySpan<TUnit> key, out TValue value)
    {
        var slot = Slot(key);
        var k = _keys[slot];
        if (k is not null && key.SequenceEqual(k))
        {
            value = _values[slot]!;
            return true;
        }
        value = null!;
        return false;
    }

    public void Put(ReadOnlySpan<TUnit> key, TValue value)
    {
        var slot = Slot(key);
        var k = _keys[slot];
        // Two names sharing a slot take turns in it: the buffer of one length is reused, not allocated per turn.
        if (k is null || k.Length != key.Length) _keys[slot] = k = new TUnit[key.Length];
        key.CopyTo(k);
        _values[slot] = value;
    }

    private static int Slot(ReadOnlySpan<TUnit> key) =>
        key.IsEmpty ? 0 : (key.Length * 7 + key[0].GetHashCode() * 31 + key[key.Length >> 1].GetHashCode() * 17 + key[^1].GetHashCode()) & (Slots - 1);
}
