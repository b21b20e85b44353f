using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace ChatArchive.Persistence.Coverage;

/// <summary>
/// The printable coverage report as a PDF (PDFsharp), laid out as the table of the CIO Rijk-rapportage 2024: per ministry
/// "Functie | aanstelling van | aanstelling tot | veiliggestelde chat | veiliggestelde e-mail | veiliggestelde sociale
/// media", dates as "10 januari 2022 t/m 2 juli 2024", gaps as numbered notes, and per ministry the ADR audit columns when
/// given. A4 landscape, one ministry from a new page, the header row repeated on every page. Only functions, dates,
/// channels and counts: no message text, no names of contacts. Text is WinAnsi-encoded (Dutch letters included).
/// </summary>
public static class CoveragePdf
{
    private const double Margin = 36;
    private const double Pad = 3;
    private static readonly double[] Widths = [190, 78, 78, 136, 136, 152];
    private static readonly string[] Header = ["Functie", "aanstelling van", "aanstelling tot", "veiliggestelde chat", "veiliggestelde e-mail", "veiliggestelde sociale media"];
    private static readonly string[] Groups = [CoverageChannels.Chat, CoverageChannels.Email, CoverageChannels.SocialMedia];
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>Writes the report; <paramref name="departmentNames"/> maps codes to names (a code without a name prints as the code).</summary>
    public static byte[] Write(CoverageReport report, IReadOnlyDictionary<string, string> departmentNames, IReadOnlyList<CoveragePolicyColumns>? policies = null)
    {
        CoverageFonts.Register();
        using var document = new PdfDocument();
        document.Info.Title = "Rapport veiligstelling zakelijke informatie bewindspersonen";
        document.Info.Subject = "Peildatum " + Date(report.AsOf);
        document.Info.Creator = "Chatarchief";
        var writer = new PageWriter(document);
        writer.Title("Rapport veiligstelling zakelijke informatie bewindspersonen");
        writer.Paragraph($"Peildatum {Date(report.AsOf)}. Opgesteld naar de tabel van de CIO Rijk-rapportage 2024: per functie de aanstelling en de periode " +
            "waarover chat, e-mail en sociale media zijn veiliggesteld. Hiaten binnen de aanstelling staan in de noten.");
        writer.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"{report.Appointments.Count} benoemingen, {report.WithGaps} met hiaten, {report.NothingSecured} zonder enige veiliggestelde informatie."));
        var notes = new List<string>();
        var first = true;
        foreach (var group in report.Appointments.GroupBy(a => a.Department).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!first) writer.NewPage();
            first = false;
            writer.Heading(departmentNames.TryGetValue(group.Key, out var name) ? name : group.Key);
            writer.TableHeader(Header);
            foreach (var a in group.OrderBy(a => a.From).ThenBy(a => a.Function, StringComparer.Ordinal))
            {
                var cells = new List<string> { a.Function, Date(a.From), a.To is { } to ? Date(to) : "" };
                foreach (var g in Groups)
                {
                    var cell = GroupCell(a, g);
                    foreach (var gap in a.Gaps.Where(x => x.Channel is not null && CoverageChannels.Group(x.Channel) == g))
                    {
                        notes.Add(gap.Description);
                        cell += $" [{notes.Count.ToString(CultureInfo.InvariantCulture)}]";
                    }
                    cells.Add(cell);
                }
                foreach (var gap in a.Gaps.Where(x => x.Channel is null)) notes.Add(a.Function + ": " + gap.Description);
                writer.Row(cells, Header);
            }
            if (policies?.FirstOrDefault(p => p.Department == group.Key) is { } policy)
            {
                writer.Space(10);
                writer.Paragraph($"Werkproces van {group.Key} (kolommen van de ADR audit)", bold: true);
                string[] policyHeader = ["Onderdeel", "Status"];
                writer.TableHeader(policyHeader, [400, 370]);
                writer.Row(["Scheiding privé/partijpolitiek en zakelijk middel voor communicatiestromen", YesNo(policy.DeviceSeparation)], policyHeader, [400, 370]);
                writer.Row(["Frequentie veiligstellen", policy.FrequencyText == "Geen" ? "alleen bij vertrek" : policy.FrequencyText], policyHeader, [400, 370]);
                writer.Row(["Uitzonderen van privé en partijpolitieke contacten van veiligstelling", YesNo(policy.ExcludePrivateContacts)], policyHeader, [400, 370]);
                writer.Row(["Schonen of markeren", CleaningWords(policy.Cleaning)], policyHeader, [400, 370]);
                writer.Row(["Ruwe dataset bewaard", YesNo(policy.KeepRawDataset)], policyHeader, [400, 370]);
            }
        }
        if (notes.Count > 0)
        {
            writer.NewPage();
            writer.Heading("Hiaten");
            for (var i = 0; i < notes.Count; i++) writer.Paragraph($"[{(i + 1).ToString(CultureInfo.InvariantCulture)}] {notes[i]}");
        }
        writer.Finish();
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    /// <summary>"10 januari 2022".</summary>
    public static string Date(DateOnly d) => d.ToString("d MMMM yyyy", Dutch);

    /// <summary>The cell of one channel group: its periods ("… t/m …"), per channel when the group has several.</summary>
    public static string GroupCell(AppointmentCoverage a, string group)
    {
        var channels = a.Channels.Where(c => c.Group == group).ToList();
        if (channels.Count == 0) return "geen kanaal geregistreerd";
        string Periods(ChannelCoverage c) => c.Secured.Count == 0 ? "niet veiliggesteld" : string.Join("; ", c.Secured.Select(p => $"{Date(p.From)} t/m {Date(p.To)}"));
        return channels.Count == 1 ? Periods(channels[0]) : string.Join(" | ", channels.Select(c => $"{CoverageBuilder.ChannelName(c.Channel)}: {Periods(c)}"));
    }

    private static string YesNo(bool value) => value ? "Ja" : "Nee";

    /// <summary>The definition's cleaning setting (Verwijderen, Markeren, Geen) in the words of the ADR audit column.</summary>
    public static string CleaningWords(string cleaning) => cleaning switch
    {
        "Verwijderen" => "Schonen (verwijderen)",
        "Markeren" => "Markeren",
        _ => "Geen",
    };

    /// <summary>Draws top to bottom on A4 landscape pages, starting a new page (with the table header again) when full.</summary>
    private sealed class PageWriter(PdfDocument document)
    {
        private static readonly XPdfFontOptions Ansi = new(PdfFontEncoding.WinAnsi);
        private readonly XFont regular = new(CoverageFonts.Family, 8, XFontStyleEx.Regular, Ansi);
        private readonly XFont bold = new(CoverageFonts.Family, 8, XFontStyleEx.Bold, Ansi);
        private readonly XFont heading = new(CoverageFonts.Family, 12, XFontStyleEx.Bold, Ansi);
        private readonly XFont title = new(CoverageFonts.Family, 15, XFontStyleEx.Bold, Ansi);
        private XGraphics? gfx;
        private PdfPage? page;
        private double y;
        private string[]? header;
        private double[]? headerWidths;

        private XGraphics G
        {
            get
            {
                if (gfx is null) NewPage();
                return gfx!;
            }
        }

        private double Bottom => page!.Height.Point - Margin;

        public void NewPage()
        {
            gfx?.Dispose();
            page = document.AddPage();
            page.Size = PageSize.A4;
            page.Orientation = PageOrientation.Landscape;
            gfx = XGraphics.FromPdfPage(page);
            y = Margin;
            header = null;
        }

        public void Finish() => gfx?.Dispose();

        public void Title(string text) => Lines(text, title, 770, 6);

        public void Heading(string text)
        {
            Space(4);
            Lines(text, heading, 770, 4);
        }

        public void Paragraph(string text, bool bold = false) => Lines(text, bold ? this.bold : regular, 770, 3);

        public void Space(double points) => y += points;

        private void Lines(string text, XFont font, double width, double after)
        {
            var g = G;
            var lines = Wrap(g, text, font, width);
            var height = lines.Count * font.GetHeight();
            if (y + height > Bottom) NewPage();
            foreach (var line in lines)
            {
                gfx!.DrawString(line, font, XBrushes.Black, new XPoint(Margin, y + font.GetHeight() * 0.8));
                y += font.GetHeight();
            }
            y += after;
        }

        public void TableHeader(string[] cells, double[]? widths = null)
        {
            header = cells;
            headerWidths = widths ?? Widths;
            DrawRow(cells, headerWidths, bold, XBrushes.LightGray);
        }

        public void Row(IReadOnlyList<string> cells, string[] tableHeader, double[]? widths = null)
        {
            widths ??= Widths;
            var g = G;
            var wrapped = cells.Select((c, i) => Wrap(g, c, i == 0 ? bold : regular, widths[i] - 2 * Pad)).ToList();
            var height = wrapped.Max(l => l.Count) * regular.GetHeight() + 2 * Pad;
            if (y + height > Bottom)
            {
                NewPage();
                header = tableHeader;
                headerWidths = widths;
                DrawRow(tableHeader, widths, bold, XBrushes.LightGray);
            }
            DrawWrapped(wrapped, widths, height, null);
        }

        private void DrawRow(IReadOnlyList<string> cells, double[] widths, XFont font, XBrush? fill)
        {
            var g = G;
            var wrapped = cells.Select((c, i) => Wrap(g, c, font, widths[i] - 2 * Pad)).ToList();
            var height = wrapped.Max(l => l.Count) * font.GetHeight() + 2 * Pad;
            if (y + height > Bottom) NewPage();
            DrawWrapped(wrapped, widths, height, fill, font);
        }

        private void DrawWrapped(List<List<string>> wrapped, double[] widths, double height, XBrush? fill, XFont? font = null)
        {
            var x = Margin;
            for (var i = 0; i < wrapped.Count; i++)
            {
                var rect = new XRect(x, y, widths[i], height);
                if (fill is not null) gfx!.DrawRectangle(fill, rect);
                gfx!.DrawRectangle(XPens.DarkGray, rect);
                var f = font ?? (i == 0 ? bold : regular);
                var lineY = y + Pad;
                foreach (var line in wrapped[i])
                {
                    gfx.DrawString(line, f, XBrushes.Black, new XPoint(x + Pad, lineY + f.GetHeight() * 0.8));
                    lineY += f.GetHeight();
                }
                x += widths[i];
            }
            y += height;
        }

        /// <summary>Greedy word wrap to <paramref name="width"/> points; a word longer than the width is cut.</summary>
        private static List<string> Wrap(XGraphics g, string text, XFont font, double width)
        {
            var lines = new List<string>();
            foreach (var paragraph in text.Split('\n'))
            {
                var line = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (g.MeasureString(candidate, font).Width <= width)
                    {
                        line = candidate;
                        continue;
                    }
                    if (line.Length > 0) lines.Add(line);
                    line = word;
                    while (g.MeasureString(line, font).Width > width && line.Length > 1)
                    {
                        var cut = line.Length - 1;
                        while (cut > 1 && g.MeasureString(line[..cut], font).Width > width) cut--;
                        lines.Add(line[..cut]);
                        line = line[cut..];
                    }
                }
                lines.Add(line);
            }
            return lines;
        }
    }
}

/// <summary>One department's ADR audit columns as the PDF prints them (the pages and the CLI read them from the published definition); <see cref="Cleaning"/> as the definition says it (Verwijderen, Markeren, Geen).</summary>
public sealed record CoveragePolicyColumns(string Department, bool DeviceSeparation, string FrequencyText, bool ExcludePrivateContacts, string Cleaning, bool KeepRawDataset);

/// <summary>
/// The PDF's font: DejaVu Sans from the machine's fonts (Debian's fonts-dejavu-core, which fontconfig and so the browser
/// need as well). PDFsharp has no access to system fonts on Linux by itself; this resolver hands it the files.
/// </summary>
public sealed class CoverageFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private static readonly string[] Folders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts", "/Library/Fonts", @"C:\Windows\Fonts"];
    private static readonly object Gate = new();

    /// <summary>Sets this resolver once per process (PDFsharp allows one); a resolver set by someone else is kept.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null) GlobalFontSettings.FontResolver = new CoverageFonts();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase) ? new FontResolverInfo(isBold ? "DejaVuSans-Bold" : "DejaVuSans") : null;

    public byte[]? GetFont(string faceName)
    {
        foreach (var folder in Folders)
        {
            var path = Path.Combine(folder, faceName + ".ttf");
            if (File.Exists(path)) return File.ReadAllBytes(path);
        }
        throw new InvalidOperationException(
            $"Het lettertype {faceName}.ttf is niet gevonden (nodig voor de PDF). Installeer het Debian-pakket fonts-dejavu-core.");
    }
}
