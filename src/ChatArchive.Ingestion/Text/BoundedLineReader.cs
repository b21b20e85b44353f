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

    private readonly Stream _stream;
    private readonly string _file;
    private readonly int _maxLineBytes;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _pos;
    private int _len;
    private byte[] _line = new byte[256];
    private int _lineLen;
    private bool _pendingCr;
    private bool _eof;

    public BoundedLineReader(Stream stream, string fileName, int maxLineBytes = DefaultMaxLineBytes)
    {
        _stream = stream;
        _file = fileName;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>Number of the line most recently returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Next line without its line end, or null at the end of the file.</summary>
    public string? ReadLine()
    {
        _lineLen = 0;
        var sawAny = false;
        while (true)
        {
            if (_pos >= _len)
            {
                if (_eof || !Fill())
                {
                    return sawAny ? Complete() : null;
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
            Append(span[..idx]);
            _pos += idx + 1;
            if (span[idx] == (byte)'\r')
            {
                _pendingCr = true;
            }
            return Complete();
        }
    }

    private string Complete()
    {
        LineNumber++;
        var bytes = _line.AsSpan(0, _lineLen);
        if (LineNumber == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ExportFormatException(
                $"Regel {LineNumber} van '{_file}' bevat tekens die geen geldige UTF-8 zijn. Exporteer de chat opnieuw vanuit de app (die schrijft UTF-8) en probeer het nog eens.",
                _file, LineNumber, e);
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        var needed = _lineLen + bytes.Length;
        if (needed > _maxLineBytes)
        {
            throw new ExportFormatException(
                $"Regel {LineNumber + 1} van '{_file}' is langer dan {_maxLineBytes / (1 << 20)} MB. Dit is geen geldige chatexport of het bestand is beschadigd; maak de export opnieuw.",
                _file, LineNumber + 1);
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
        _len = _stream.Read(_buffer, 0, _buffer.Length);
        _pos = 0;
        if (_len == 0)
        {
            _eof = true;
            return false;
        }
        return true;
    }

    public void Dispose() => _stream.Dispose();
}
