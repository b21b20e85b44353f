using System.Text;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.Tests.Support;

namespace ChatArchive.Ingestion.Tests.Sources;

/// <summary>The CLI wraps every export to show progress; the wrapper must count what is read and keep a file seekable.</summary>
public class CountingExportSourceTests
{
    [Fact]
    public void Reads_are_counted_and_a_file_stays_seekable_for_the_scan_in_two_halves()
    {
        var text = string.Concat(Enumerable.Range(1, 1000).Select(i => $"05-02-2023 14:07 - Anna Jansen: Bericht {i}\n"));
        var path = ExportFiles.WriteText("WhatsApp-chat met Anna Jansen.txt", text);
        using var source = new CountingExportSource(ExportSourceFactory.Open(path));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), source.TotalLength);

        using var stream = source.Open(source.Entries[0]);
        Assert.True(stream.CanSeek);
        Assert.Equal(source.TotalLength, stream.Length);
        stream.Position = stream.Length - 8;
        var tail = new byte[8];
        stream.ReadExactly(tail);
        Assert.Equal(" 1000\n", Encoding.UTF8.GetString(tail)[2..]);
        Assert.Equal(8, source.BytesRead);

        stream.Seek(0, SeekOrigin.Begin);
        stream.CopyTo(Stream.Null);
        Assert.Equal(8 + source.TotalLength, source.BytesRead);
    }
}
