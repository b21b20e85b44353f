using ChatArchive.Ingestion.Text;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Sources;

/// <summary>Counts the bytes read through a source, for a progress bar; adds nothing else.</summary>
public sealed class CountingExportSource(IExportSource inner) : IExportSource
{
    private long _bytesRead;

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public long TotalLength => inner.Entries.Sum(inner.Length);

    public string DisplayName => inner.DisplayName;

    public IReadOnlyList<string> Entries => inner.Entries;

    public bool Exists(string entry) => inner.Exists(entry);

    public long Length(string entry) => inner.Length(entry);

    public Stream Open(string entry) => new Counting(inner.Open(entry), this);

    public void Dispose() => inner.Dispose();

    /// <summary>Counts what is read; seeks when the stream below can (a large .txt is scanned in two halves).</summary>
    private sealed class Counting(Stream s, CountingExportSource owner) : ReadOnlyWrapperStream(s)
    {
        public override int Read(Span<byte> buffer)
        {
            var n = Inner.Read(buffer);
            Interlocked.Add(ref owner._bytesRead, n);
            return n;
        }

        public override bool CanSeek => Inner.CanSeek;
        public override long Length => Inner.Length;
        public override long Position { get => Inner.Position; set => Inner.Position = value; }
        public override long Seek(long offset, SeekOrigin origin) => Inner.Seek(offset, origin);
    }
}
