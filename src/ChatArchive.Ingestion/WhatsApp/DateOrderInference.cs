using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>
/// Infers day/month order from the WHOLE file, in the order FORMATS.md §1.2 gives:
/// (1) a first component &gt; 12 means day-first; (2) a second component &gt; 12 means month-first;
/// (3) within a year, a component that decreases while the other stays the same is the day;
/// (4) otherwise the component that changes more often is the day.
/// The reader feeds it every header in a first pass over the file before it reads any message
/// (a second pass then parses with the decided order). A first pass, rather than a bounded
/// look-ahead, because the deciding date (a day above 12) can be anywhere in the file, and a
/// guess per line could flip the order halfway. The pass keeps only counters: memory stays constant.
/// A file that proves nothing (all values ≤ 12, no changes) falls back to day-first, the Dutch
/// locale (Handreiking concerns Dutch officeholders); the decision says it was not proven so the
/// read-out reports it, and the operator can override it.
/// </summary>
public sealed class DateOrderInference
{
    private bool _yearFirst;
    private bool _firstOver12;
    private bool _secondOver12;
    private long _firstChanges;
    private long _secondChanges;
    private long _firstDecreases;
    private long _secondDecreases;
    private bool _hasPrevious;
    private int _pf, _ps, _py;
    private bool _hasFirst;
    private int _ff, _fs, _fy;

    public long Count { get; private set; }

    public void Add(in WhatsAppHeader h)
    {
        Count++;
        if (h.YearFirst)
        {
            _yearFirst = true;
            return;
        }
        if (h.First > 12) _firstOver12 = true;
        if (h.Second > 12) _secondOver12 = true;
        if (!_hasFirst) (_ff, _fs, _fy, _hasFirst) = (h.First, h.Second, h.Third, true);
        if (_hasPrevious) CountPair(h.First, h.Second, h.Third);
        _pf = h.First;
        _ps = h.Second;
        _py = h.Third;
        _hasPrevious = true;
    }

    private void CountPair(int first, int second, int year)
    {
        if (year != _py) return;
        if (first != _pf) _firstChanges++;
        if (second != _ps) _secondChanges++;
        if (first < _pf) _firstDecreases++;
        if (second < _ps) _secondDecreases++;
    }

    /// <summary>
    /// Adds the headers another inference saw right after this one's (the second half of a file scanned in two
    /// halves), with the pair that straddles the cut, so the result equals one inference over both.
    /// </summary>
    public void Join(DateOrderInference later)
    {
        Count += later.Count;
        _yearFirst |= later._yearFirst;
        _firstOver12 |= later._firstOver12;
        _secondOver12 |= later._secondOver12;
        if (_hasPrevious && later._hasFirst) CountPair(later._ff, later._fs, later._fy);
        _firstChanges += later._firstChanges;
        _secondChanges += later._secondChanges;
        _firstDecreases += later._firstDecreases;
        _secondDecreases += later._secondDecreases;
        if (!_hasFirst && later._hasFirst) (_ff, _fs, _fy, _hasFirst) = (later._ff, later._fs, later._fy, true);
        if (later._hasPrevious) (_pf, _ps, _py, _hasPrevious) = (later._pf, later._ps, later._py, true);
    }

    public DateOrderDecision Decide(string file)
    {
        if (_yearFirst) return new(DateOrder.YearMonthDay, true);
        if (_firstOver12 && _secondOver12)
        {
            throw new ExportFormatException(
                $"De datums in '{file}' wisselen van volgorde (zowel de eerste als de tweede waarde is soms groter dan 12). " +
                "Exporteer de chat opnieuw vanaf één telefoon, of geef de datumvolgorde op met --date-order.", file);
        }
        if (_firstOver12) return new(DateOrder.DayMonthYear, true);
        if (_secondOver12) return new(DateOrder.MonthDayYear, true);
        // Rule (3): within one year the month never goes down, the day does (at every month change).
        // Counted rather than taken from one pair, because lines can be out of order (FORMATS.md §1.2).
        if (_firstDecreases != _secondDecreases)
        {
            return new(_firstDecreases > _secondDecreases ? DateOrder.DayMonthYear : DateOrder.MonthDayYear, true);
        }
        // Rule (4): the day changes more often than the month.
        if (_firstChanges != _secondChanges)
        {
            return new(_firstChanges > _secondChanges ? DateOrder.DayMonthYear : DateOrder.MonthDayYear, true);
        }
        return new(DateOrder.DayMonthYear, false);
    }
}
