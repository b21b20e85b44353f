using System.Globalization;

namespace ChatArchive.Web;

/// <summary>Dates and times as people here read them: Dutch, in Amsterdam time.</summary>
public static class WebTime
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>"ma 7 dec. 2026 18:00".</summary>
    public static string Short(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Amsterdam).ToString("ddd d MMM yyyy HH:mm", Dutch);

    /// <summary>"maandag 7 december 2026 om 18:00".</summary>
    public static string Long(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Amsterdam).ToString("dddd d MMMM yyyy 'om' HH:mm", Dutch);

    /// <summary>"3 maart 2026 om 08:00" (an instant inside a sentence, e.g. a finding's detail).</summary>
    public static string DayAndTime(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Amsterdam).ToString("d MMMM yyyy 'om' HH:mm", Dutch);

    /// <summary>"7 dec. 2026" (a date without time, e.g. the first day of a period).</summary>
    public static string Date(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Amsterdam).ToString("d MMM yyyy", Dutch);

    /// <summary>ISO value for a &lt;time datetime&gt; attribute.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
