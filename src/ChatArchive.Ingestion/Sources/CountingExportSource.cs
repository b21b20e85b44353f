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

    private sealed class Counting(Stream s, CountingExportSource owner) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => Add(s.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Add(s.Read(buffer));

        private int Add(int n)
        {
            Interlocked.Add(ref owner._bytesRead, n);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => s.Length;
        public override long Position { get => s.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) s.Dispose();
            base.Dispose(disposing);
        }
    }
}
