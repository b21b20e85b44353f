using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatArchive.Ingestion.Sms;

/// <summary>
/// SMS Backup &amp; Restore can write emoji as pairs of surrogate character references
/// (<c>&amp;#55357;&amp;#56832;</c>), which a conforming XML parser rejects; this reader joins each pair into one
/// reference to the real code point (<c>&amp;#128512;</c>) before the XML parser sees it (FORMATS.md §3,
/// wilgysef.com/smstoxml). Everything else passes through unchanged, line breaks included, so line numbers hold.
/// </summary>
internal sealed partial class SurrogateReferenceRepairReader(TextReader inner) : TextReader
{
    private const int ChunkChars = 1 << 14;

    private readonly char[] _chunk = new char[ChunkChars];
    private string _pending = "";
    private int _pendingPos;
    private string _carry = "";
    private bool _done;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (!EnsurePending())
        {
            return 0;
        }
        var n = Math.Min(buffer.Length, _pending.Length - _pendingPos);
        _pending.AsSpan(_pendingPos, n).CopyTo(buffer);
        _pendingPos += n;
        return n;
    }

    public override int Read() => EnsurePending() ? _pending[_pendingPos++] : -1;

    public override int Peek() => EnsurePending() ? _pending[_pendingPos] : -1;

    private bool EnsurePending()
    {
        while (_pendingPos >= _pending.Length)
        {
            if (_done)
            {
                return false;
            }
            var n = inner.Read(_chunk, 0, _chunk.Length);
            var text = _carry + new string(_chunk, 0, n);
            _carry = "";
            if (n == 0)
            {
                _done = true;
            }
            else
            {
                // Hold back a reference that may continue in the next chunk: an unfinished "&…", or a
                // finished high-surrogate reference whose partner may follow.
                var keep = HoldBack(text);
                _carry = text[keep..];
                text = text[..keep];
            }
            _pending = SurrogatePair().Replace(text, Join);
            _pendingPos = 0;
        }
        return true;
    }

    private static int HoldBack(string text)
    {
        var amp = text.LastIndexOf('&');
        if (amp < 0 || text.Length - amp > 32)
        {
            return text.Length;
        }
        if (text.IndexOf(';', amp) < 0)
        {
            return amp;
        }
        var tail = TrailingReference().Match(text);
        return tail.Success && Value(tail.Groups[1].Value) is >= 0xD800 and <= 0xDBFF ? tail.Index : text.Length;
    }

    private static string Join(Match m)
    {
        var high = Value(m.Groups[1].Value);
        var low = Value(m.Groups[2].Value);
        if (high is >= 0xD800 and <= 0xDBFF && low is >= 0xDC00 and <= 0xDFFF)
        {
            var codePoint = char.ConvertToUtf32((char)high, (char)low);
            return "&#" + codePoint.ToString(CultureInfo.InvariantCulture) + ";";
        }
        return m.Value;
    }

    private static int Value(string reference) =>
        reference.StartsWith('x') || reference.StartsWith('X')
            ? int.TryParse(reference.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : -1
            : int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : -1;

    [GeneratedRegex(@"&#(x[0-9A-Fa-f]{1,6}|[0-9]{1,7});&#(x[0-9A-Fa-f]{1,6}|[0-9]{1,7});", RegexOptions.CultureInvariant)]
    private static partial Regex SurrogatePair();

    [GeneratedRegex(@"&#(x[0-9A-Fa-f]{1,6}|[0-9]{1,7});$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingReference();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Strict UTF-8: an invalid byte is an error, not a replacement character (issue 3 §6). The identifier flag makes StreamReader skip a BOM.</summary>
    public static TextReader Open(Stream stream) =>
        new SurrogateReferenceRepairReader(new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false));
}
