namespace ChatArchive.Ingestion.Formats;

/// <summary>
/// Wall-clock times without an offset (signal-export, Telegram <c>date</c>, imessage-exporter) are
/// read as Europe/Amsterdam, the exporting device's zone for a Dutch officeholder (FORMATS.md §7),
/// and every instant is reported with the offset that was in force then (+01:00 or +02:00).
/// </summary>
internal static class AmsterdamTime
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>
    /// The instant a wall-clock time in Amsterdam stands for. A time in the spring gap (02:00–02:59 on the
    /// last Sunday of March) is read with the winter offset, as a clock that had not yet moved would show it.
    /// A time in the autumn overlap is read as its first occurrence (+02:00) unless that would put it before
    /// <paramref name="previous"/> in the same file, in which case file order says it is the second (FORMATS.md §1.7).
    /// </summary>
    public static DateTimeOffset FromLocal(DateTime wallClock, DateTimeOffset? previous = null)
    {
        var local = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            return InZone(new DateTimeOffset(local, Zone.BaseUtcOffset));
        }
        if (Zone.IsAmbiguousTime(local))
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(local);
            var first = new DateTimeOffset(local, offsets.Max());
            var second = new DateTimeOffset(local, offsets.Min());
            return previous is { } p && first < p && second >= p ? second : first;
        }
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
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
