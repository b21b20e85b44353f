using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>
/// A duration a process owner can type: ISO 8601 (P6W, P1M, P2M, P1DT2H, PT30S; ISO 8601-1 §5.5.2)
/// or .NET TimeSpan text (42.00:00:00). Months and years are calendar steps, so "P1M" from 31 January
/// lands on the last day of February instead of drifting (read-out frequency "monthly", CIO Rijk-rapportage 2024).
/// </summary>
public readonly partial record struct IsoDuration(int Years, int Months, int Days, TimeSpan Time)
{
    [GeneratedRegex(@"^P(?:(?<y>\d+)Y)?(?:(?<mo>\d+)M)?(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<mi>\d+)M)?(?:(?<s>\d+(?:[.,]\d+)?)S)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Time == TimeSpan.Zero;

    public DateTimeOffset AddTo(DateTimeOffset start) => start.AddYears(Years).AddMonths(Months).AddDays(Days).Add(Time);

    public static bool TryParse(string? text, out IsoDuration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        var m = Pattern().Match(text);
        if (m.Success && text.Length > 1 && !text.EndsWith('T'))
        {
            int G(string n) => m.Groups[n].Success ? int.Parse(m.Groups[n].Value, CultureInfo.InvariantCulture) : 0;
            var seconds = m.Groups["s"].Success ? double.Parse(m.Groups["s"].Value.Replace(',', '.'), CultureInfo.InvariantCulture) : 0;
            duration = new IsoDuration(G("y"), G("mo"), G("w") * 7 + G("d"),
                new TimeSpan(G("h"), G("mi"), 0) + TimeSpan.FromSeconds(seconds));
            return true;
        }
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var ts) && ts >= TimeSpan.Zero)
        {
            duration = new IsoDuration(0, 0, 0, ts);
            return true;
        }
        return false;
    }

    public static IsoDuration Parse(string? text, string inputName) =>
        TryParse(text, out var d)
            ? d
            : throw new ActivityInputException(
                $"De duur '{text}' bij '{inputName}' is niet geldig. Gebruik bijvoorbeeld P6W (zes weken), P1M (een maand), P2D (twee dagen) of PT30S (dertig seconden).");
}
