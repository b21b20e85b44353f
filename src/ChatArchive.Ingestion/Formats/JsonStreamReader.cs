using System.Text;
using System.Text.Json;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Formats;

/// <summary>
/// Walks a JSON file token by token with <see cref="Utf8JsonReader"/> over a refillable buffer, and hands out
/// one array element at a time as its own <see cref="JsonDocument"/>. Memory is one buffer plus the largest
/// single element, never the file (issue 3 §5; Telegram result.json and Graph pages can be hundreds of MB).
/// </summary>
internal sealed class JsonStreamReader : IDisposable
{
    /// <summary>No single message object is anywhere near this; a larger one means a broken or hostile file.</summary>
    public const int MaxElementBytes = 64 << 20;

    private readonly Stream _stream;
    private readonly string _file;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });

    public JsonStreamReader(Stream stream, string file)
    {
        _stream = stream;
        _file = file;
    }

    public JsonTokenType TokenType { get; private set; }

    /// <summary>The text of a property name or string, the raw text of a number, otherwise null.</summary>
    public string? Value { get; private set; }

    /// <summary>Depth of the current token (0 for the root value).</summary>
    public int Depth { get; private set; }

    /// <summary>Next token; false at the end of a complete document.</summary>
    public bool Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
            bool ok;
            try
            {
                ok = reader.Read();
                if (ok)
                {
                    TokenType = reader.TokenType;
                    Depth = reader.CurrentDepth;
                    Value = reader.TokenType switch
                    {
                        JsonTokenType.PropertyName or JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                }
            }
            catch (JsonException e)
            {
                throw Broken(e);
            }
            catch (InvalidOperationException e)
            {
                throw InvalidText(e);
            }
            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            if (ok)
            {
                return true;
            }
            if (_eof)
            {
                return false;
            }
            Fill();
        }
    }

    /// <summary>
    /// Inside an array: the next element as a document, or null when the array ends (its end is consumed).
    /// </summary>
    public JsonDocument? ReadArrayElement()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
            try
            {
                if (reader.Read())
                {
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        Commit(ref reader);
                        TokenType = JsonTokenType.EndArray;
                        return null;
                    }
                    var tokenStart = (int)reader.TokenStartIndex;
                    if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray) || reader.TrySkip())
                    {
                        var bytes = _buffer.AsSpan(_start + tokenStart, (int)reader.BytesConsumed - tokenStart).ToArray();
                        Commit(ref reader);
                        return JsonDocument.Parse(bytes);
                    }
                }
                else if (_eof)
                {
                    throw Truncated();
                }
            }
            catch (JsonException e)
            {
                throw Broken(e);
            }
            // Incomplete element: read more and start this element again from the same state.
            Fill();
        }
    }

    /// <summary>Skips the value that starts with the current token (a scalar is already complete).</summary>
    public void SkipCurrentValue()
    {
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }
        var depth = Depth;
        while (Read())
        {
            if (TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && Depth == depth)
            {
                return;
            }
        }
        throw Truncated();
    }

    /// <summary>Reads the value of the property just read: returns the scalar text (null for JSON null), or skips a container and returns null.</summary>
    public string? ReadScalarOrSkip()
    {
        if (!Read())
        {
            throw Truncated();
        }
        if (TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            SkipCurrentValue();
            return null;
        }
        return TokenType switch
        {
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            _ => Value,
        };
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxElementBytes)
            {
                throw new ExportFormatException(
                    $"'{_file}' bevat één JSON-element van meer dan {MaxElementBytes >> 20} MB. Dit is geen gewone chatexport of het bestand is beschadigd; maak de export opnieuw.",
                    _file);
            }
            Array.Resize(ref _buffer, Math.Min(MaxElementBytes, _buffer.Length * 2));
        }
        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (_first)
        {
            _first = false;
            // A byte-order mark is allowed before the document; Utf8JsonReader does not skip it itself.
            if (_end == 0 && n >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
            {
                _start = 3;
            }
        }
        if (n == 0)
        {
            _eof = true;
        }
        _end += n;
    }

    public ExportFormatException Truncated() => new(
        $"'{_file}' houdt midden in de JSON op: het bestand is afgebroken (onvolledig gekopieerd of gedownload). Maak de export opnieuw of kopieer het bestand nog eens.",
        _file);

    private ExportFormatException Broken(JsonException e)
    {
        var line = e.LineNumber + 1;
        return new ExportFormatException(
            line is { } l
                ? $"'{_file}' is geen geldige JSON (fout bij regel {l}): het bestand is afgebroken of beschadigd. Maak de export opnieuw."
                : $"'{_file}' is geen geldige JSON: het bestand is afgebroken of beschadigd. Maak de export opnieuw.",
            _file, line, e);
    }

    private ExportFormatException InvalidText(Exception e) => new(
        $"'{_file}' bevat tekens die geen geldige UTF-8 zijn. Exporteer opnieuw vanuit de app (die schrijft UTF-8) en probeer het nog eens.",
        _file, null, e);

    public void Dispose() => _stream.Dispose();
}
