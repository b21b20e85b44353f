using System.Text;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;

namespace ChatArchive.Ingestion.Tests.Formats;

public class DetectionTests
{
    public static TheoryData<string, string[]> Fixtures => new()
    {
        { ExportFormats.SignalExport, ["signal", "export"] },
        { ExportFormats.SignalExport, ["signal", "markdown-group"] },
        { ExportFormats.SignalExport, ["signal", "old-layout"] },
        { ExportFormats.SmsBackupRestore, ["sms", "sms-20230401083000.xml"] },
        { ExportFormats.TelegramDesktop, ["telegram", "single-chat"] },
        { ExportFormats.TelegramDesktop, ["telegram", "group"] },
        { ExportFormats.TelegramDesktop, ["telegram", "full-account"] },
        { ExportFormats.TelegramDesktop, ["telegram", "single-chat", "result.json"] },
        { ExportFormats.IMessageExporter, ["imessage", "export"] },
        { ExportFormats.IMessageExporter, ["imessage", "export", "Anna de Vries.txt"] },
        { ExportFormats.TeamsGraph, ["teams", "chat-1on1"] },
        { ExportFormats.TeamsGraph, ["teams", "group-chat"] },
        { ExportFormats.TeamsGraph, ["teams", "group-chat", "messages.json"] },
    };

    private static IExportSource Open(string[] path)
    {
        var full = FormatFixtures.PathOf(path);
        return File.Exists(full) ? FormatFixtures.File(path) : FormatFixtures.Folder(path);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Each_fixture_is_detected_by_its_own_reader_above_all_others(string format, string[] path)
    {
        using var source = Open(path);
        var scores = OtherReaders.All.ToDictionary(r => r.Format, r => r.Detect(source));
        Assert.True(scores[format] >= 0.5, $"{format} scored {scores[format]} on its own fixture");
        Assert.All(scores.Where(s => s.Key != format), s => Assert.True(s.Value < scores[format], $"{s.Key} scored {s.Value}, {format} {scores[format]}"));
        Assert.InRange(scores[format], 0, 1);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Each_fixture_is_read_by_its_own_reader_without_error(string format, string[] path)
    {
        using var source = Open(path);
        var reader = OtherReaders.All.Single(r => r.Format == format);
        var items = reader.Read(source).ToList();
        Assert.NotEmpty(items.OfType<ConversationStarted>());
        Assert.NotEmpty(items.OfType<MessageRead>());
        // Every item belongs to a conversation that was announced before it.
        var started = new HashSet<string>();
        foreach (var item in items)
        {
            if (item is ConversationStarted c)
            {
                started.Add(c.ConversationKey);
            }
            else
            {
                Assert.Contains(item.ConversationKey, started);
            }
        }
    }

    [Fact]
    public void Other_readers_cover_the_five_non_whatsapp_formats_once_each()
    {
        Assert.Equal(
            [ExportFormats.SignalExport, ExportFormats.SmsBackupRestore, ExportFormats.TelegramDesktop, ExportFormats.IMessageExporter, ExportFormats.TeamsGraph],
            OtherReaders.All.Select(r => r.Format));
    }

    [Fact]
    public void Detect_reads_only_a_small_prefix_of_a_large_export()
    {
        // A 6 MB Telegram export: detection must not read it all (issue 3 §1: "reads only a small prefix").
        var sb = new StringBuilder("{\"name\": \"Lotte Smit\", \"type\": \"personal_chat\", \"id\": 1, \"messages\": [");
        for (var i = 0; i < 40_000; i++)
        {
            sb.Append(i == 0 ? "" : ",").Append($"{{\"id\": {i}, \"type\": \"message\", \"date\": \"2023-01-10T14:00:00\", \"date_unixtime\": \"1673355600\", \"from\": \"Lotte Smit\", \"text\": \"Bericht {i} over de planning\", \"text_entities\": []}}");
        }
        sb.Append("]}");
        using var temp = FormatFixtures.Bytes("result.json", Encoding.UTF8.GetBytes(sb.ToString()));
        using var counting = new CountingSource(temp.AsFolder());
        foreach (var reader in OtherReaders.All)
        {
            counting.BytesRead = 0;
            reader.Detect(counting);
            Assert.True(counting.BytesRead <= 64 * 1024, $"{reader.Format} read {counting.BytesRead} bytes to detect");
        }
        Assert.True(new FileInfo(temp.FilePath).Length > 5_000_000);
    }

    [Fact]
    public void Unrelated_files_are_detected_by_none()
    {
        using var temp = FormatFixtures.Bytes("verslag.txt", "Verslag van het bewonersoverleg, 12 juni 2023.\nAanwezig: 14 bewoners.\n"u8.ToArray());
        using var source = temp.AsFolder();
        Assert.All(OtherReaders.All, r => Assert.True(r.Detect(source) < 0.5, r.Format));
    }

    private sealed class CountingSource(IExportSource inner) : IExportSource
    {
        public long BytesRead { get; set; }

        public string DisplayName => inner.DisplayName;

        public IReadOnlyList<string> Entries => inner.Entries;

        public bool Exists(string entry) => inner.Exists(entry);

        public long Length(string entry) => inner.Length(entry);

        public Stream Open(string entry) => new CountingStream(inner.Open(entry), this);

        public void Dispose() => inner.Dispose();

        private sealed class CountingStream(Stream inner, CountingSource owner) : Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => inner.Length;
            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count)
            {
                var n = inner.Read(buffer, offset, count);
                owner.BytesRead += n;
                return n;
            }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }
                base.Dispose(disposing);
            }
        }
    }
}
