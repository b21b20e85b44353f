using System.Text;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Text;

namespace ChatArchive.Ingestion.Tests.Text;

public class BoundedLineReaderTests
{
    private static List<string> ReadAll(byte[] bytes, int max = BoundedLineReader.DefaultMaxLineBytes)
    {
        using var r = new BoundedLineReader(new MemoryStream(bytes), "chat.txt", max);
        var lines = new List<string>();
        while (r.ReadLine() is { } l) lines.Add(l);
        return lines;
    }

    [Fact]
    public void Lf_crlf_and_lone_cr_all_end_a_line_and_the_bom_is_dropped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("één\r\ntwee\ndrie\rvier")).ToArray();
        Assert.Equal(["één", "twee", "drie", "vier"], ReadAll(bytes));
    }

    [Fact]
    public void Empty_lines_are_kept_and_a_final_line_end_adds_no_line()
    {
        Assert.Equal(["a", "", "b"], ReadAll(Encoding.UTF8.GetBytes("a\n\nb\n")));
        Assert.Empty(ReadAll([]));
    }

    [Fact]
    public void Crlf_split_across_buffer_boundary_is_one_line_end()
    {
        var text = new string('x', (1 << 16) - 1) + "\r\nnext";
        var lines = ReadAll(Encoding.UTF8.GetBytes(text));
        Assert.Equal(2, lines.Count);
        Assert.Equal("next", lines[1]);
    }

    [Fact]
    public void Invalid_utf8_is_refused_with_the_file_and_line_named()
    {
        var bytes = Encoding.UTF8.GetBytes("goed\nook goed\n").Concat(new byte[] { 0x43, 0x61, 0x66, 0xE9, 0x0A }).ToArray(); // "Café" in Latin-1
        var e = Assert.Throws<ExportFormatException>(() => ReadAll(bytes));
        Assert.Equal("chat.txt", e.File);
        Assert.Equal(3, e.Line);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_refused_not_buffered()
    {
        var bytes = Encoding.UTF8.GetBytes("kort\n" + new string('a', 5000) + "\n");
        var e = Assert.Throws<ExportFormatException>(() => ReadAll(bytes, max: 1000));
        Assert.Equal(2, e.Line);
        Assert.Contains("langer dan", e.Message);
    }

    [Fact]
    public void Span_lines_equal_string_lines_also_across_the_read_buffer_and_inside_a_multibyte_character()
    {
        // Lines of 1,000 "één overleg" characters cross the 64 KiB read buffer at changing places, sometimes inside "é".
        var expected = Enumerable.Range(0, 200).Select(i => $"{i}: " + string.Concat(Enumerable.Repeat("één overleg ", 1 + i % 90))).ToList();
        var bytes = Encoding.UTF8.GetBytes(string.Join("\r\n", expected) + "\n");
        Assert.Equal(expected, ReadAll(bytes));

        using var r = new BoundedLineReader(new MemoryStream(bytes), "chat.txt");
        var viaSpans = new List<string>();
        while (r.TryReadLine(out var line)) viaSpans.Add(line.ToString());
        Assert.Equal(expected, viaSpans);
        Assert.Equal(200, r.LineNumber);
    }
}
