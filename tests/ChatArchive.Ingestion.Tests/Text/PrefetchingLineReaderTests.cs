using System.Text;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Text;

namespace ChatArchive.Ingestion.Tests.Text;

public class PrefetchingLineReaderTests
{
    private static List<(string Line, long Number, int Length)> ReadAhead(byte[] bytes, int max = BoundedLineReader.DefaultMaxLineBytes)
    {
        using var r = new PrefetchingLineReader<(int Length, long Number)>(new MemoryStream(bytes), "chat.txt", (line, number) => (line.Length, number), max);
        var lines = new List<(string, long, int)>();
        while (r.TryReadLine(out var line, out var a))
        {
            Assert.Equal(r.LineNumber, a.Number); // the reading thread saw the same line number
            lines.Add((line.ToString(), r.LineNumber, a.Length));
        }
        return lines;
    }

    private static List<(string Line, long Number)> ReadPlain(byte[] bytes)
    {
        using var r = new BoundedLineReader(new MemoryStream(bytes), "chat.txt");
        var lines = new List<(string, long)>();
        while (r.TryReadLine(out var line)) lines.Add((line.ToString(), r.LineNumber));
        return lines;
    }

    /// <summary>Many short lines (several batches), a line longer than a batch, every line end, accents and emoji.</summary>
    private static byte[] MixedExport()
    {
        var sb = new StringBuilder("\uFEFF");
        for (var i = 0; i < 10_000; i++)
        {
            sb.Append(i % 7 == 0 ? "Overleg ✅ café " : "Regel ").Append(i).Append(i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\n" : "\r");
            if (i == 5_000) sb.Append(new string('é', 100_000)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    [Fact]
    public void Reading_ahead_gives_the_same_lines_and_line_numbers_as_reading_in_step()
    {
        var bytes = MixedExport();
        var ahead = ReadAhead(bytes);
        var plain = ReadPlain(bytes);
        Assert.Equal(10_001, plain.Count);
        Assert.Equal(plain, ahead.Select(l => (l.Line, l.Number)).ToList());
        // The annotation was made on the reading thread from the same line.
        Assert.All(ahead, l => Assert.Equal(l.Line.Length, l.Length));
    }

    [Fact]
    public void Small_batches_give_the_same_lines_and_line_numbers()
    {
        var bytes = MixedExport();
        using var r = new PrefetchingLineReader<long>(new MemoryStream(bytes), "chat.txt", (_, number) => number, batchChars: 100, batchLines: 3);
        var lines = new List<(string, long)>();
        while (r.TryReadLine(out var line, out var number))
        {
            Assert.Equal(r.LineNumber, number);
            lines.Add((line.ToString(), r.LineNumber));
        }
        Assert.Equal(ReadPlain(bytes), lines); // the 100,000-character line got a batch of its own
    }

    [Fact]
    public void Bad_utf8_is_raised_after_every_line_before_it_with_its_own_line_number()
    {
        var good = string.Concat(Enumerable.Range(1, 9_000).Select(i => $"Bericht {i}\n"));
        var bytes = Encoding.UTF8.GetBytes(good).Concat(new byte[] { 0x43, 0x61, 0x66, 0xE9, 0x0A }).Concat(Encoding.UTF8.GetBytes("daarna\n")).ToArray();
        using var r = new PrefetchingLineReader<bool>(new MemoryStream(bytes), "chat.txt", (_, _) => true);
        var seen = 0;
        var e = Assert.Throws<ExportFormatException>(() =>
        {
            while (r.TryReadLine(out _, out _)) seen++;
        });
        Assert.Equal(9_000, seen);
        Assert.Equal(9_001, e.Line);
        Assert.Equal("chat.txt", e.File);
        Assert.Contains("UTF-8", e.Message);
    }

    [Fact]
    public void A_line_over_the_limit_is_refused_in_order()
    {
        var bytes = Encoding.UTF8.GetBytes("kort\nook kort\n" + new string('a', 5000) + "\n");
        var seen = new List<string>();
        var e = Assert.Throws<ExportFormatException>(() =>
        {
            using var r = new PrefetchingLineReader<int>(new MemoryStream(bytes), "chat.txt", (l, _) => l.Length, maxLineBytes: 1000);
            while (r.TryReadLine(out var line, out _)) seen.Add(line.ToString());
        });
        Assert.Equal(["kort", "ook kort"], seen);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Stopping_early_stops_the_reading_thread_and_closes_the_stream()
    {
        var stream = new TrackingStream(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 200_000).Select(i => $"Regel {i}\n"))));
        var r = new PrefetchingLineReader<int>(stream, "chat.txt", (l, _) => l.Length);
        Assert.True(r.TryReadLine(out var first, out _));
        Assert.Equal("Regel 1", first.ToString());
        r.Dispose();
        Assert.True(stream.Disposed);
        var readAtDispose = stream.BytesRead;
        Thread.Sleep(50);
        Assert.Equal(readAtDispose, stream.BytesRead); // nothing reads after Dispose returned
        Assert.True(readAtDispose < stream.Length / 2, "the reader read ahead a bounded amount, not the whole stream");
    }

    [Fact]
    public void A_line_kept_as_memory_stays_whole_while_the_caller_reads_the_next_batch()
    {
        // Batches of 3 lines. The caller keeps line 1 (batch 1) and moves into batch 2; then the reading thread is let run
        // until it has filled every batch it may fill. Batch 1 must not have been one of them.
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, 200).Select(i => $"Regel {i:D3}\n")));
        using var annotated = new SemaphoreSlim(0);
        var highest = 0L;
        using var r = new PrefetchingLineReader<long>(new MemoryStream(bytes), "chat.txt", (_, number) =>
        {
            Interlocked.Exchange(ref highest, number);
            annotated.Release();
            return number;
        }, batchChars: 100, batchLines: 3);
        Assert.True(r.TryReadLineMemory(out ReadOnlyMemory<char> kept, out _));
        var serial = r.BatchSerial;
        for (var i = 2; i <= 4; i++) Assert.True(r.TryReadLineMemory(out ReadOnlyMemory<char> _, out _));
        Assert.Equal(serial + 1, r.BatchSerial); // line 4 is the first of batch 2

        // Batch 1 kept, batch 2 the caller's, 4 full, 1 being filled: the reading thread annotates up to line 21, then
        // waits for a free batch. Were batch 1 given back already, line 19 would be written into it.
        while (Interlocked.Read(ref highest) < 21) Assert.True(annotated.Wait(TimeSpan.FromMinutes(2)), "the reading thread stopped early");
        Assert.Equal("Regel 001", kept.ToString());

        // Reading on: every line comes, in order; a line kept as memory is whole until the caller moves on twice.
        var seen = new List<string>();
        var held = new List<(ReadOnlyMemory<char> Line, int Serial, string Text)>();
        while (r.TryReadLineMemory(out ReadOnlyMemory<char> line, out var number))
        {
            seen.Add(line.ToString());
            Assert.Equal($"Regel {number:D3}", seen[^1]);
            held.Add((line, r.BatchSerial, seen[^1]));
            foreach (var h in held.Where(h => r.BatchSerial - h.Serial <= 1)) Assert.Equal(h.Text, h.Line.ToString());
        }
        Assert.True(held.Select(h => h.Serial).Distinct().Count() > 50, "many batches were read");
        Assert.Equal(Enumerable.Range(5, 196).Select(i => $"Regel {i:D3}"), seen);
    }

    [Fact]
    public void An_empty_stream_has_no_lines()
    {
        using var r = new PrefetchingLineReader<int>(new MemoryStream([]), "leeg.txt", (l, _) => l.Length);
        Assert.False(r.TryReadLine(out _, out _));
        Assert.False(r.TryReadLine(out _, out _));
    }

    private sealed class TrackingStream(byte[] bytes) : MemoryStream(bytes)
    {
        private readonly long _length = bytes.Length;
        private long _read;

        public bool Disposed { get; private set; }

        public long BytesRead => Interlocked.Read(ref _read);

        public override long Length => _length;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = base.Read(buffer, offset, count);
            Interlocked.Add(ref _read, n);
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var n = base.Read(buffer);
            Interlocked.Add(ref _read, n);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
