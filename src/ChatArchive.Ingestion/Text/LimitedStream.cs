namespace ChatArchive.Ingestion.Text;

/// <summary>The first <c>length</c> bytes of a stream, read from its current position (one half of a file scanned in two).</summary>
public sealed class LimitedStream(Stream inner, long length) : ReadOnlyWrapperStream(inner)
{
    private long _taken;

    public override int Read(Span<byte> buffer)
    {
        var left = length - _taken;
        if (left <= 0) return 0;
        var n = Inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
        _taken += n;
        return n;
    }

    public override long Length => length;

    public override long Position { get => _taken; set => throw new NotSupportedException(); }
}
