namespace ChatArchive.Ingestion.Time;

/// <summary>
/// Turns wall-clock times without an offset (WhatsApp headers, FORMATS.md §1.7) into instants,
/// read as Europe/Amsterdam (ARCHITECTURE.md "Time"). The offset is computed per timestamp, so
/// +01:00 in winter and +02:00 in summer.
/// Clock changes, made explicit:
/// - spring gap (02:00–02:59 on the last Sunday of March does not exist): read with the winter
///   offset +01:00, i.e. as the instant the phone would have shown after moving its clock on;
/// - autumn overlap (02:00–02:59 on the last Sunday of October happens twice): the first
///   occurrence (+02:00) is taken, until the file's own order shows that the clock went back
///   (an ambiguous time earlier than the previous ambiguous time of that night); from then on
///   the second occurrence (+01:00). FORMATS.md §1.7: "use file order if you must choose".
/// One instance per export file: it remembers that night's order.
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

    public DateTimeOffset ToInstant(DateTime wallClock)
    {
        var date = DateOnly.FromDateTime(wallClock);
        if (date != _cachedDate)
        {
            // Most days have one offset from 00:00 to 23:59; only the two change days need more care.
            var start = Zone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue));
            var end = Zone.GetUtcOffset(date.ToDateTime(new TimeOnly(23, 59)));
            _cachedDate = date;
            _cachedOffset = start;
            _cachedIsPlainDay = start == end;
        }
        if (_cachedIsPlainDay)
        {
            return new DateTimeOffset(wallClock, _cachedOffset);
        }
        var unspecified = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(unspecified))
        {
            return new DateTimeOffset(wallClock, Zone.BaseUtcOffset);
        }
        if (Zone.IsAmbiguousTime(unspecified))
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(unspecified);
            var summer = offsets.Max();
            var winter = offsets.Min();
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
            return new DateTimeOffset(wallClock, _clockWentBack ? winter : summer);
        }
        return new DateTimeOffset(wallClock, Zone.GetUtcOffset(unspecified));
    }
}
