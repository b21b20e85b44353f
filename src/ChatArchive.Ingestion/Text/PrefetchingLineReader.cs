using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace ChatArchive.Ingestion.Text;

/// <summary>What the reading thread makes of a line (number counted from 1), handed to the caller with it.</summary>
public delegate T LineAnnotator<out T>(ReadOnlySpan<char> line, long lineNumber);

/// <summary>
/// A <see cref="BoundedLineReader"/> that runs on a second thread: it reads, splits, checks and decodes lines
/// ahead, and runs <c>annotate</c> on each line there (for example a header parse), while the caller works on
/// the lines before. The two cores of a read-out machine then work on one export at once. <c>annotate</c> runs on
/// that thread, in file order, so it may keep state of its own (and nothing the caller's thread touches).
/// The caller sees exactly what a <see cref="BoundedLineReader"/> gives: the same lines, line numbers and
/// errors, in the same order; an error (bad UTF-8, a line too long, a broken zip) is raised when the caller
/// reaches the line where it happened, after every line before it.
/// Memory stays bounded: <see cref="Batches"/> reused batches of at most 64 K characters and 4,096 lines
/// (a single longer line gets a batch of its own, within the reader's line limit).
/// A line can also be had as a place in the reader's buffer (<see cref="TryReadLineMemory"/>),
/// to keep without copying: it stays valid while the caller reads the rest of its batch and the whole next batch
/// (<see cref="BatchSerial"/> tells when the caller has moved into another batch; the batch before is then still valid).
/// </summary>
public sealed class PrefetchingLineReader<T> : IDisposable
{
    /// <summary>Batches in flight between the reading thread and the caller (plus one being filled, the caller's and the one before it).</summary>
    public const int Batches = 4;

    /// <summary>Characters a batch holds (a longer single line gets a batch of its own).</summary>
    public const int BatchChars = 64 << 10;

    /// <summary>Lines a batch holds.</summary>
    public const int BatchLines = 4096;

    private readonly BoundedLineReader _lines;
    private readonly LineAnnotator<T> _annotate;
    private readonly BlockingCollection<Batch> _full = new(Batches);
    private readonly BlockingCollection<Batch> _free = new(Batches + 3);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;
    private Batch? _current;
    // The batch before the caller's: kept from the reading thread until the caller moves on once more, so that a line
    // of it handed out as memory is still whole while the caller reads the next batch.
    private Batch? _previous;
    private int _index;
    private bool _done;

    /// <param name="batchChars">Characters per batch; smaller only for a tiny input (the batches of the default size are
    /// large objects, collected only with generation 2).</param>
    /// <param name="batchLines">Lines per batch, likewise.</param>
    public PrefetchingLineReader(Stream stream, string fileName, LineAnnotator<T> annotate, int maxLineBytes = BoundedLineReader.DefaultMaxLineBytes,
        int batchChars = BatchChars, int batchLines = BatchLines)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchChars, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchLines, 1);
        _lines = new BoundedLineReader(stream, fileName, maxLineBytes);
        _annotate = annotate;
        for (var i = 0; i < Batches + 3; i++) _free.Add(new Batch(batchChars, batchLines));
        _worker = Task.Factory.StartNew(Produce, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Number of the line most recently returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>
    /// Counts the batches the caller has moved into: when it differs from what it was at an earlier line, the lines
    /// handed out as memory before that are valid only until the caller moves into a batch once more.
    /// </summary>
    public int BatchSerial { get; private set; }

    /// <summary>
    /// Next line (valid until the next call) and what <c>annotate</c> made of it; false at the end of the file.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<char> line, out T annotation)
    {
        var more = TryReadLineMemory(out var memory, out annotation);
        line = memory.Span;
        return more;
    }

    /// <summary>
    /// As <see cref="TryReadLine(out ReadOnlySpan{char}, out T)"/>, the line as a place in the reader's buffer: valid
    /// until the caller has read the whole batch after this line's (until <see cref="BatchSerial"/> has grown by two).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLineMemory(out ReadOnlyMemory<char> line, out T annotation)
    {
        if (!MoveNext())
        {
            line = default;
            annotation = default!;
            return false;
        }
        line = _current!.LineMemory(_index - 1);
        annotation = _current.Annotations[_index - 1];
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool MoveNext()
    {
        while (_current is null || _index >= _current.Count)
        {
            if (_current is not null)
            {
                if (_current.Error is { } error)
                {
                    _done = true;
                    ExceptionDispatchInfo.Throw(error);
                }
                if (_previous is not null) _free.Add(_previous);
                _previous = _current;
                _current = null;
            }
            if (_done || !_full.TryTake(out _current, Timeout.Infinite))
            {
                _done = true;
                return false;
            }
            _index = 0;
            BatchSerial++;
        }
        LineNumber = _current.FirstLine + _index;
        _index++;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Produce()
    {
        var ct = _stop.Token;
        try
        {
            var batch = _free.Take(ct);
            batch.Reset(1);
            while (true)
            {
                bool more;
                ReadOnlySpan<byte> bytes;
                try
                {
                    more = _lines.TryReadLineBytes(out bytes);
                }
                catch (Exception e)
                {
                    // Handed over in order: the caller first gets the lines before it, then this error.
                    batch.Error = e;
                    _full.Add(batch, ct);
                    return;
                }
                if (!more)
                {
                    if (batch.Count > 0) _full.Add(batch, ct);
                    return;
                }
                // The line is decoded straight into the batch (no copy through the line reader's own buffer), then
                // annotated there; room for as many characters as it has bytes (UTF-8 never has fewer).
                if (!batch.TryReserve(bytes.Length, out var room))
                {
                    _full.Add(batch, ct);
                    batch = _free.Take(ct);
                    batch.Reset(_lines.LineNumber);
                    batch.TryReserve(bytes.Length, out room);
                }
                T annotation;
                int chars;
                try
                {
                    chars = _lines.DecodeLine(bytes, room);
                    annotation = _annotate(room[..chars], _lines.LineNumber);
                }
                catch (Exception e)
                {
                    batch.Error = e;
                    _full.Add(batch, ct);
                    return;
                }
                batch.Commit(chars, annotation);
                if ((_lines.LineNumber & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Disposed before the end: the caller stopped reading.
        }
        catch (Exception e)
        {
            // Not an export error but a fault of this class: the caller must see it, never a silent end of file.
            var failed = new Batch(1, 1);
            failed.Reset(_lines.LineNumber);
            failed.Error = e;
            _full.TryAdd(failed);
        }
        finally
        {
            _full.CompleteAdding();
        }
    }

    public void Dispose()
    {
        // The reading thread stops before the stream it reads is closed.
        _stop.Cancel();
        _worker.Wait();
        _lines.Dispose();
        _stop.Dispose();
        _full.Dispose();
        _free.Dispose();
    }

    /// <summary>Lines decoded ahead into one reused character buffer, with where each line ends.</summary>
    private sealed class Batch(int chars, int maxLines)
    {
        private readonly int _chars = chars;
        private char[] _text = new char[chars];
        private readonly int[] _ends = new int[maxLines];
        private int _used;

        public readonly T[] Annotations = new T[maxLines];
        public int Count;
        public long FirstLine;
        public Exception? Error;

        public void Reset(long firstLine)
        {
            Count = 0;
            _used = 0;
            FirstLine = firstLine;
            Error = null;
            if (_text.Length > _chars) _text = new char[_chars]; // a long line's buffer is not kept
        }

        /// <summary>Room for a line of at most <paramref name="chars"/> characters, or false when this batch is full (then a new batch always has room).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool TryReserve(int chars, out Span<char> room)
        {
            if (Count == _ends.Length || (Count > 0 && _used + chars > _text.Length))
            {
                room = default;
                return false;
            }
            if (_used + chars > _text.Length) _text = new char[chars]; // a long line alone in its batch
            room = _text.AsSpan(_used, chars);
            return true;
        }

        /// <summary>Adds the line written into the room of the last <see cref="TryReserve"/>.</summary>
        public void Commit(int chars, T annotation)
        {
            _used += chars;
            _ends[Count] = _used;
            Annotations[Count] = annotation;
            Count++;
        }

        public ReadOnlyMemory<char> LineMemory(int i)
        {
            var start = i == 0 ? 0 : _ends[i - 1];
            return new ReadOnlyMemory<char>(_text, start, _ends[i] - start);
        }
    }
}
