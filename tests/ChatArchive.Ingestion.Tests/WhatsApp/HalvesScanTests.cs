using System.Text;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.Tests.Support;
using ChatArchive.Ingestion.WhatsApp;

namespace ChatArchive.Ingestion.Tests.WhatsApp;

/// <summary>
/// A large .txt export is scanned in two halves on two threads (first pass); the result must be exactly that of a
/// scan in one piece, which is what a source that cannot seek (a zip entry) gets.
/// </summary>
public class HalvesScanTests
{
    /// <summary>
    /// About 10 MB, CRLF line ends, multi-line messages whose continuation lines start with digits, people who first
    /// write in the second half (and one who never writes, only joins), a group notice only in the second half.
    /// </summary>
    private static string LargeExport()
    {
        var sb = new StringBuilder();
        var day = new DateTime(2023, 1, 1, 8, 0, 0);
        string[] early = ["Anna Jansen", "Bram de Vries", "Chantal Öztürk"];
        string[] late = ["Daan Bakker", "Eline van Dijk", "Fleur 🌷 Smit"];
        const int messages = 130_000;
        for (var i = 0; i < messages; i++)
        {
            var t = day.AddMinutes(i * 7);
            var who = i < messages * 0.6 ? early[i % 3] : (i % 2 == 0 ? late[i % 3] : early[i % 3]);
            sb.Append(t.ToString("dd-MM-yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture)).Append(" - ").Append(who).Append(": ");
            if (i % 5 == 0)
            {
                sb.Append("Agenda voor het overleg\r\n1. Opening\r\n12-03-2023 inleveren bij de SG\r\n");
            }
            else
            {
                sb.Append("Bericht ").Append(i).Append(" over de Woo-verzoeken van deze week\r\n");
            }
            if (i == (int)(messages * 0.8))
            {
                sb.Append(t.ToString("dd-MM-yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture)).Append(" - Daan Bakker heeft Gijs Mulder toegevoegd\r\n");
            }
        }
        return sb.ToString();
    }

    private static List<string> Describe(IEnumerable<ExportItem> items) => items.Select(item => item switch
    {
        ConversationStarted c => $"S|{c.Title}|{c.IsGroup}|{string.Join(",", c.Participants)}",
        MessageRead m => $"M|{m.Line}|{m.Message.Sender}|{m.Message.Sent:o}|{m.Message.Text}",
        SystemEventRead e => $"E|{e.Line}|{e.Event.Kind}|{e.Event.At:o}|{e.Event.Actor}",
        ConversationCompleted c => $"C|{string.Join(",", c.Participants)}",
        _ => item.ToString()!,
    }).ToList();

    [Fact]
    public void Two_halves_give_what_one_piece_gives()
    {
        var path = ExportFiles.WriteText("WhatsApp-chat met Crisisoverleg.txt", LargeExport());
        Assert.True(new FileInfo(path).Length > WhatsAppTextReader.ParallelScanFromBytes, "the file must be large enough to be cut");

        using var seekable = ExportSourceFactory.Open(path);
        var halves = Describe(new AndroidTextReader().Read(seekable));
        using var unseekable = new ForwardOnlySource(ExportSourceFactory.Open(path));
        var whole = Describe(new AndroidTextReader().Read(unseekable));

        Assert.Equal(whole.Count, halves.Count);
        Assert.Equal(whole, halves);
        // The second half's people are participants, after the first half's, and the notice there made it a group.
        Assert.Equal("S|Crisisoverleg|True|Anna Jansen,Bram de Vries,Chantal Öztürk,Daan Bakker,Fleur 🌷 Smit,Eline van Dijk", halves[0]);
    }

    [Fact]
    public void Bad_text_in_the_second_half_is_reported_with_its_line_as_in_one_piece()
    {
        var text = LargeExport();
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        var at = bytes.Count * 3 / 4;
        while (bytes[at] != (byte)'\n') at++;
        bytes.InsertRange(at + 1, [0x43, 0x61, 0x66, 0xE9, 0x0D, 0x0A]); // a Latin-1 "Café" line
        var expectedLine = bytes.Take(at + 1).Count(b => b == (byte)'\n') + 1;
        var path = Path.Combine(ExportFiles.Folder(), "WhatsApp-chat met Crisisoverleg.txt");
        File.WriteAllBytes(path, [.. bytes]);

        using var source = ExportSourceFactory.Open(path);
        var e = Assert.Throws<ExportFormatException>(() => new AndroidTextReader().Read(source).ToList());
        Assert.Equal(expectedLine, e.Line);
        Assert.Contains("UTF-8", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Joining_two_inferences_counts_the_pair_across_the_cut(int cut)
    {
        // Every value is 12 or less: only the pairs decide (FORMATS.md §1.2 rule 3), and one of them lies across the cut.
        (int, int, int)[] dates = [(11, 1, 23), (12, 1, 23), (1, 2, 23), (2, 2, 23)];
        var whole = new DateOrderInference();
        foreach (var d in dates) whole.Add(Header(d));
        var first = new DateOrderInference();
        var second = new DateOrderInference();
        for (var i = 0; i < dates.Length; i++) (i < cut ? first : second).Add(Header(dates[i]));
        first.Join(second);
        Assert.Equal(whole.Decide("chat.txt"), first.Decide("chat.txt"));
        Assert.Equal(new DateOrderDecision(DateOrder.DayMonthYear, true), first.Decide("chat.txt"));
        Assert.Equal(whole.Count, first.Count);
    }

    private static WhatsAppHeader Header((int First, int Second, int Third) d) =>
        new(WhatsAppPlatform.Android, d.First, d.Second, d.Third, false, 10, 0, 0, -1, -1, 0);

    /// <summary>The same files, but streams that cannot seek (as a zip entry's): the scan runs in one piece.</summary>
    private sealed class ForwardOnlySource(IExportSource inner) : IExportSource
    {
        public string DisplayName => inner.DisplayName;
        public IReadOnlyList<string> Entries => inner.Entries;
        public bool Exists(string entry) => inner.Exists(entry);
        public long Length(string entry) => inner.Length(entry);
        public Stream Open(string entry) => new ForwardOnly(inner.Open(entry));
        public void Dispose() => inner.Dispose();
    }

    private sealed class ForwardOnly(Stream inner) : ChatArchive.Ingestion.Text.ReadOnlyWrapperStream(inner)
    {
        public override int Read(Span<byte> buffer) => Inner.Read(buffer);
    }
}
