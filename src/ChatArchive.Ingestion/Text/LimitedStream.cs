namespace ChatArchive.Ingestion.Text;

/// <summary>The first <c>length</c> bytes of a stream, read from its current position (one half of a file scanned in two).</summary>
public sealed class LimitedStream(Stream inner, long length) : Stream
{
    private long _taken;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var left = length - _taken;
        if (left <= 0) return 0;
        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
        _taken += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _taken; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
