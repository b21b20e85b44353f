using System.Globalization;
using System.Text;

namespace ChatArchive.Persistence.Coverage;

/// <summary>
/// The coverage report as CSV (';'-separated, UTF-8 with BOM, as Dutch spreadsheets expect): one line per appointment and
/// channel, the columns of the CIO Rijk-rapportage 2024 table plus the gaps, the read-outs against the frequency and the
/// open findings (counts). Cells that look like a formula are neutralised.
/// </summary>
public static class CoverageCsv
{
    public static readonly string[] Header =
    [
        "departement", "functie", "bewindspersoon_id", "benoemd_van", "benoemd_tot", "kanaal", "veiliggesteld", "bron",
        "niet_veiliggesteld", "dagen_niet_veiliggesteld", "verzegelde_pakketten", "frequentie", "laatste_uitlezing", "dagen_sinds_uitlezing",
        "uitlezing_achterstallig", "gemiste_uitlezingen", "open_bevindingen_ontbrekend", "open_bevindingen_tijdelijke_berichten",
        "open_bevindingen_verwijderd", "niets_veiliggesteld", "peildatum",
    ];

    public static byte[] ToBytes(CoverageReport report) =>
        Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ToText(report))).ToArray();

    public static string ToText(CoverageReport report)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(';', Header).Append("\r\n");
        foreach (var a in report.Appointments)
        {
            foreach (var c in a.Channels)
            {
                var notSecured = c.Gaps.Where(g => g.Kind == GapKinds.NotSecured).ToList();
                sb.AppendJoin(';', new[]
                {
                    a.Department, a.Function, Num(a.OfficeholderId), Date(a.From), a.To is { } to ? Date(to) : "",
                    c.Channel,
                    string.Join(" | ", c.Secured.Select(p => $"{Date(p.From)} t/m {Date(p.To)}")),
                    string.Join(" | ", c.Sources.Select(s => s.Source == SecuredSource.Sealed ? s.Source : $"{s.Source}: {s.Where}").Distinct()),
                    string.Join(" | ", notSecured.Select(g => $"{Date(g.From)} t/m {Date(g.To)}")),
                    Num(notSecured.Sum(g => g.Days)),
                    Num(c.SealedPackages),
                    a.ReadOuts.FrequencyText,
                    a.ReadOuts.LastReadOut is { } l ? Date(l) : "",
                    a.ReadOuts.DaysSinceLastReadOut is { } d ? Num(d) : "",
                    a.ReadOuts.Overdue ? "ja" : "nee",
                    Num(a.ReadOuts.MissedReadOuts),
                    Num(c.OpenFindings.MissingMessages), Num(c.OpenFindings.DisappearingMessages), Num(c.OpenFindings.DeletionTombstones),
                    a.NothingSecured ? "ja" : "nee",
                    Date(report.AsOf),
                }.Select(Cell)).Append("\r\n");
            }
        }
        return sb.ToString();
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Quoted when needed; a leading = + - @ gets a quote so a spreadsheet never runs it as a formula.</summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
