using System.Runtime.CompilerServices;
namespace ChatArchive.Ingestion.Time;

/// <summary>
/// The one Europe/Amsterdam conversion used by every reader (ARCHITECTURE.md "Time"): wall-clock times
/// without an offset (WhatsApp headers, signal-export, imessage-exporter, Telegram <c>date</c>) become
/// instants, and every instant carries the offset in force at that moment (+01:00 or +02:00), also for
/// sources that give UTC or Unix times (SMS, Telegram <c>date_unixtime</c>, Teams).
/// The rule for the two change days (FORMATS.md §1.7, "use file order if you must choose"):
/// - spring gap (02:00–02:59 on the last Sunday of March does not exist): read with the winter offset
///   +01:00, the instant a phone whose clock had not moved yet meant; shown as that instant in Amsterdam
///   (so 02:30 is reported as 03:30+02:00, the same instant as 02:30+01:00);
/// - autumn overlap (02:00–02:59 on the last Sunday of October happens twice): the first occurrence
///   (+02:00) is taken until the file's own order shows that the clock went back, i.e. an ambiguous time
///   earlier than the previous ambiguous time of that night; from then on, for the rest of that night,
///   the second occurrence (+01:00).
/// One instance per conversation file: it remembers that night's order.
/// </summary>
public sealed class AmsterdamClock
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    private DateOnly _cachedDate;
    private TimeSpan _cachedOffset;
    private bool _cachedIsPlainDay;

    private DateOnly _overlapDate;
    private TimeSpan _lastAmbiguousTime = TimeSpan.MinValue;
    private bool _clockWentBack;

    /// <summary>The instant a wall-clock time in Amsterdam stands for, given the times this file showed before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DateTimeOffset ToInstant(DateTime wallClock)
    {
        var date = DateOnly.FromDateTime(wallClock);
        if (date != _cachedDate) CacheDay(date);
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (_cachedIsPlainDay)
        {
            return new DateTimeOffset(unspecified, _cachedOffset);
        }
        if (Zone.IsInvalidTime(unspecified))
        {
            return InZone(new DateTimeOffset(unspecified, Zone.BaseUtcOffset));
        }
        if (Zone.IsAmbiguousTime(unspecified))
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(unspecified);
            if (_overlapDate != date)
            {
                _overlapDate = date;
                _clockWentBack = false;
                _lastAmbiguousTime = TimeSpan.MinValue;
            }
            if (wallClock.TimeOfDay < _lastAmbiguousTime)
            {
                _clockWentBack = true;
            }
            _lastAmbiguousTime = wallClock.TimeOfDay;
            return new DateTimeOffset(unspecified, _clockWentBack ? offsets.Min() : offsets.Max());
        }
        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified));
    }

    /// <summary>
    /// Whether every wall-clock time of <paramref name="date"/> has the one offset given (every day but the two change
    /// days): then <see cref="ToInstant"/> of a time that day is that time with that offset, and a caller that knows the
    /// day has not changed may make the instant itself.
    /// </summary>
    public bool IsPlainDay(DateOnly date, out TimeSpan offset)
    {
        if (date != _cachedDate) CacheDay(date);
        offset = _cachedOffset;
        return _cachedIsPlainDay;
    }

    private void CacheDay(DateOnly date)
    {
        // Most days have one offset from 00:00 to 23:59; only the two change days need more care.
        var start = Zone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue));
        var end = Zone.GetUtcOffset(date.ToDateTime(new TimeOnly(23, 59)));
        _cachedDate = date;
        _cachedOffset = start;
        _cachedIsPlainDay = start == end;
    }

    /// <summary>An instant (Unix time, UTC) expressed with Amsterdam's offset at that moment.</summary>
    public static DateTimeOffset InZone(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>Chat exports are from 1970 to 2199; outside that a date is a broken or hostile value (and would overflow the conversion).</summary>
    public static bool Plausible(DateTime wallClock) => wallClock.Year is >= 1970 and < 2200;

    /// <summary>The same range as <see cref="Plausible(DateTime)"/> for Unix seconds.</summary>
    public static bool PlausibleUnixSeconds(long seconds) => seconds is >= 0 and < 7_258_118_400L;

    public static DateTimeOffset FromUnixMilliseconds(long ms) => InZone(DateTimeOffset.FromUnixTimeMilliseconds(ms));

    public static DateTimeOffset FromUnixSeconds(long s) => InZone(DateTimeOffset.FromUnixTimeSeconds(s));
}
