namespace ChatArchive.Persistence.Ingestion;

/// <summary>
/// Holds the messages of the current conversation-day (a window, not the export) and lets through only
/// the days whose digest differs from what is stored. Days that match are counted as known and recorded,
/// so the merge skips them. A day that comes back after its window was closed (an out-of-order export)
/// cannot be judged this way: <see cref="SplitDayException"/> asks the store to redo the read-out without
/// this shortcut, inside the same all-or-nothing transaction.
/// </summary>
internal sealed class DayWindow(IReadOnlyDictionary<(string Conversation, int Day), DayDigest> stored)
{
    private readonly List<StagedMessage> _window = [];
    private readonly HashSet<(string, int)> _closed = [];
    private (string Conversation, int Day)? _current;
    private DayDigest _digest;

    public List<(string Conversation, int Day)> MatchedDays { get; } = [];

    public long MatchedMessages { get; private set; }

    public IEnumerable<StagedMessage> Filter(IEnumerable<StagedMessage> rows)
    {
        foreach (var r in rows)
        {
            var key = (r.ConversationKey, r.Day);
            if (_current != key)
            {
                foreach (var flushed in Close()) yield return flushed;
                if (!_closed.Add(key)) throw new SplitDayException();
                _current = key;
            }
            _window.Add(r);
            _digest = _digest.Add(r);
        }
        foreach (var flushed in Close()) yield return flushed;
    }

    private List<StagedMessage> Close()
    {
        if (_current is not { } key) return [];
        List<StagedMessage> result;
        if (stored.TryGetValue(key, out var digest) && digest == _digest)
        {
            MatchedDays.Add(key);
            MatchedMessages += _window.Count;
            result = [];
        }
        else
        {
            result = [.. _window];
        }
        _window.Clear();
        _digest = default;
        _current = null;
        return result;
    }
}

/// <summary>A day of the export appeared in two places; the day-digest shortcut does not apply.</summary>
internal sealed class SplitDayException : Exception
{
    public SplitDayException() : base("A conversation-day appears twice in the export; the read-out is merged row by row instead.")
    {
    }
}
