using System.Runtime.CompilerServices;
using System.Text;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Text;

/// <summary>
/// Reads text lines with strict UTF-8 (an invalid byte is an error naming its line, not a
/// replacement character), a byte-order mark skipped, LF, CRLF and lone CR as line ends, and a
/// maximum line length so that a 50 MB line is refused instead of filling memory (issue 3 §6).
/// Lines are split on bytes first (0x0A/0x0D never occur inside a UTF-8 sequence), then each
/// line is decoded on its own. Line numbers start at 1.
/// </summary>
public sealed class BoundedLineReader : IDisposable
{
    public const int DefaultMaxLineBytes = 4 << 20; // 4 MiB: far beyond any real chat message

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private Stream _stream;
    private readonly string _file;
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _pos;
    private int _len;
    private byte[] _line = new byte[256];
    private int _lineLen;
    private char[] _chars = new char[256];
    private bool _pendingCr;
    private bool _eof;
    private bool _filledOnce;
    // Set once a read buffer held a NUL byte: from then on every line is checked for one (rare, and then refused).
    private bool _checkNul;

    public BoundedLineReader(Stream stream, string fileName, int maxLineBytes = DefaultMaxLineBytes)
    {
        _stream = stream;
        _file = fileName;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>Number of the line most recently returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Next line without its line end, or null at the end of the file.</summary>
    public string? ReadLine() => TryReadLine(out var line) ? new string(line) : null;

    /// <summary>
    /// Next line without its line end, decoded into a buffer that the next call overwrites; false at the end of
    /// the file. For hot loops that look at most lines without keeping them (a string per line is the main cost).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        if (!TryReadLineBytes(out var bytes))
        {
            line = default;
            return false;
        }
        line = DecodeLine(bytes);
        return true;
    }

    /// <summary>
    /// Next line as raw bytes (a byte-order mark on line 1 skipped), neither decoded nor checked, valid until the next
    /// call; false at the end of the file. For a pass that looks only at ASCII structure: decode what it needs with
    /// <see cref="DecodeLine"/>, and let a later full read report invalid text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLineBytes(out ReadOnlySpan<byte> bytes)
    {
        if (!NextLineBytes(out bytes)) return false;
        LineNumber++;
        if (LineNumber == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        if (_checkNul && bytes.IndexOf((byte)0) >= 0)
        {
            // A NUL byte is never in a chat app's text export: a damaged or disguised file, refused rather than read past.
            throw new ExportFormatException(
                $"Regel {LineNumber} van '{_file}' bevat een NUL-teken (byte 0). Zo'n teken schrijft geen chat-app in een export; het bestand is beschadigd of geen tekstexport. Exporteer de chat opnieuw.",
                _file, LineNumber);
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool NextLineBytes(out ReadOnlySpan<byte> bytes)
    {
        _lineLen = 0;
        var sawAny = false;
        while (true)
        {
            if (_pos >= _len)
            {
                if (_eof || !Fill())
                {
                    bytes = sawAny ? _line.AsSpan(0, _lineLen) : default;
                    return sawAny;
                }
            }
            if (_pendingCr)
            {
                _pendingCr = false;
                if (_buffer[_pos] == (byte)'\n')
                {
                    _pos++;
                    continue;
                }
            }
            sawAny = true;
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var idx = span.IndexOfAny((byte)'\n', (byte)'\r');
            if (idx < 0)
            {
                Append(span);
                _pos = _len;
                continue;
            }
            if (_lineLen == 0)
            {
                // The whole line lies in the read buffer: decode it from there, without copying it first.
                if (idx > _maxLineBytes) throw TooLong();
                bytes = span[..idx];
            }
            else
            {
                Append(span[..idx]);
                bytes = _line.AsSpan(0, _lineLen);
            }
            _pos += idx + 1;
            if (span[idx] == (byte)'\r')
            {
                _pendingCr = true;
            }
            return true;
        }
    }

    /// <summary>
    /// The line last returned by <see cref="TryReadLineBytes"/>, decoded with strict UTF-8 into a buffer that the next
    /// decode overwrites; invalid bytes are an error naming the line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<char> DecodeLine(ReadOnlySpan<byte> bytes)
    {
        // UTF-8 never has fewer bytes than UTF-16 code units, so the byte count bounds the chars.
        if (_chars.Length < bytes.Length)
        {
            _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        }
        return _chars.AsSpan(0, DecodeLine(bytes, _chars));
    }

    /// <summary>
    /// As <see cref="DecodeLine(ReadOnlySpan{byte})"/>, into <paramref name="into"/> (at least <c>bytes.Length</c> long:
    /// UTF-8 never has fewer bytes than UTF-16 code units); returns the number of characters written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int DecodeLine(ReadOnlySpan<byte> bytes, Span<char> into)
    {
        try
        {
            return Strict.GetChars(bytes, into);
        }
        catch (DecoderFallbackException e)
        {
            throw new ExportFormatException(
                $"Regel {LineNumber} van '{_file}' bevat tekens die geen geldige UTF-8 zijn. Exporteer de chat opnieuw vanuit de app (die schrijft UTF-8) en probeer het nog eens.",
                _file, LineNumber, e);
        }
    }

    private ExportFormatException TooLong() => new(
        $"Regel {LineNumber + 1} van '{_file}' is langer dan {_maxLineBytes / (1 << 20)} MB. Dit is geen geldige chatexport of het bestand is beschadigd; maak de export opnieuw.",
        _file, LineNumber + 1);

    private void Append(ReadOnlySpan<byte> bytes)
    {
        var needed = _lineLen + bytes.Length;
        if (needed > _maxLineBytes)
        {
            throw TooLong();
        }
        if (needed > _line.Length)
        {
            Array.Resize(ref _line, Math.Min(_maxLineBytes, Math.Max(needed, _line.Length * 2)));
        }
        bytes.CopyTo(_line.AsSpan(_lineLen));
        _lineLen = needed;
    }

    private bool Fill()
    {
        _len = _stream.ReadAtLeast(_buffer, _filledOnce ? 1 : 4, throwOnEndOfStream: false);
        _pos = 0;
        if (!_filledOnce)
        {
            _filledOnce = true;
            if (_len >= 2 && ((_buffer[0] == 0xFF && _buffer[1] == 0xFE) || (_buffer[0] == 0xFE && _buffer[1] == 0xFF)))
            {
                // UTF-16 with a byte-order mark (Windows tools write these): read as the same text in UTF-8.
                _stream = Utf16AsUtf8(_buffer.AsSpan(2, _len - 2).ToArray(), _stream, littleEndian: _buffer[0] == 0xFF);
                return Fill();
            }
        }
        if (_len == 0)
        {
            _eof = true;
            return false;
        }
        if (!_checkNul && _buffer.AsSpan(0, _len).IndexOf((byte)0) >= 0) _checkNul = true;
        return true;
    }

    /// <summary>The rest of a UTF-16 stream (its first bytes already read) as strict UTF-8; a lone surrogate is an error.</summary>
    private Stream Utf16AsUtf8(byte[] head, Stream rest, bool littleEndian)
    {
        var utf16 = new UnicodeEncoding(bigEndian: !littleEndian, byteOrderMark: false, throwOnInvalidBytes: true);
        return new Utf16Checked(Encoding.CreateTranscodingStream(new PrefixedStream(head, rest), utf16, Strict, leaveOpen: false), _file);
    }

    /// <summary>Turns the decoder's error on invalid UTF-16 into the Dutch error every reader raises.</summary>
    private sealed class Utf16Checked(Stream inner, string file) : ReadOnlyWrapperStream(inner)
    {
        public override int Read(Span<byte> buffer)
        {
            try
            {
                return Inner.Read(buffer);
            }
            catch (DecoderFallbackException e)
            {
                throw new ExportFormatException(
                    $"'{file}' is als UTF-16 opgeslagen maar bevat ongeldige tekens. Exporteer de chat opnieuw vanuit de app en probeer het nog eens.",
                    file, null, e);
            }
        }
    }

    /// <summary>Bytes already read, then the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] head, Stream rest) : ReadOnlyWrapperStream(rest)
    {
        private int _at;

        public override int Read(Span<byte> buffer)
        {
            if (_at < head.Length)
            {
                var n = Math.Min(buffer.Length, head.Length - _at);
                head.AsSpan(_at, n).CopyTo(buffer);
                _at += n;
                return n;
            }
            return Inner.Read(buffer);
        }
    }

    public void Dispose() => _stream.Dispose();
}
