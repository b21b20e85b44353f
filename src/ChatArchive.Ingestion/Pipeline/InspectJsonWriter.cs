using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Pipeline;

/// <summary>
/// Writes the JSON of <c>chatarchive inspect</c> (issue 3 §7) while the reader streams: messages go
/// out as they are read, so memory stays bounded. Each conversation's messages are written to a temporary file of
/// their own (deleted on close), and the conversations are put together at the end: a reader may interleave
/// conversations (an SMS backup is in time order over all threads, issue 16), and every message must land under its
/// own conversation. System events are held per conversation (they are few); participants are the reader's
/// up-front list joined with what it learned while reading.
/// </summary>
public sealed class InspectJsonWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        // Message text is written as it is (Dutch accents, emoji), only what JSON requires is escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Stream _output;
    private readonly string _format;
    private readonly ReadOutFindings _findings = new();
    private readonly Dictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly List<Conversation> _order = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 12);
    private readonly Utf8JsonWriter _item;
    private Conversation? _open;
    private EmailDetailsRead? _email;
    private bool _completed;

    private sealed class Conversation(string title, bool isGroup, IReadOnlyList<string> participants)
    {
        public string Title { get; } = title;
        public bool IsGroup { get; } = isGroup;
        public List<string> Participants { get; } = [.. participants];
        public List<SystemEvent> Events { get; } = [];
        public string? Path;
        public FileStream? File;
        public long Messages;
    }

    public InspectJsonWriter(Stream output, string format)
    {
        _output = output;
        _format = format;
        _item = new Utf8JsonWriter(_buffer, Options);
    }

    public void Write(ExportItem item)
    {
        _findings.Observe(item);
        switch (item)
        {
            case ConversationStarted s:
                if (!_conversations.ContainsKey(s.ConversationKey))
                {
                    var c = new Conversation(s.Title, s.IsGroup, s.Participants);
                    _conversations[s.ConversationKey] = c;
                    _order.Add(c);
                }
                break;
            case EmailDetailsRead d:
                _email = d;
                break;
            case MessageRead m:
                WriteMessage(Of(m.ConversationKey), m.Message);
                _email = null;
                break;
            case SystemEventRead e:
                Of(e.ConversationKey).Events.Add(e.Event);
                break;
            case ConversationCompleted c:
                var conv = Of(c.ConversationKey);
                foreach (var p in c.Participants)
                {
                    if (!conv.Participants.Contains(p)) conv.Participants.Add(p);
                }
                break;
        }
    }

    private Conversation Of(string key)
    {
        if (_conversations.TryGetValue(key, out var c)) return c;
        c = new Conversation(key, false, []);
        _conversations[key] = c;
        _order.Add(c);
        return c;
    }

    /// <summary>Closes the document with the findings of this read-out plus <paramref name="extraFindings"/>.</summary>
    public void Complete(IEnumerable<Finding>? extraFindings = null)
    {
        CloseOpen();
        // The document is put together from values each written by a writer of its own (a writer cannot be handed a
        // message array it did not write); the punctuation between them is written here.
        Raw("{\"format\":");
        Value(j => j.WriteStringValue(_format));
        Raw(",\"conversations\":[");
        for (var i = 0; i < _order.Count; i++)
        {
            var c = _order[i];
            if (i > 0) Raw(",");
            Raw("{\"title\":");
            Value(j => j.WriteStringValue(c.Title));
            Raw(c.IsGroup ? ",\"isGroup\":true,\"participants\":" : ",\"isGroup\":false,\"participants\":");
            Value(j => WriteParticipants(j, c.Participants));
            Raw(",\"messages\":[");
            if (c.Path is not null)
            {
                using (var f = new FileStream(c.Path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.SequentialScan))
                {
                    f.CopyTo(_output);
                }
                c.Path = null;
            }
            Raw("],\"systemEvents\":");
            Value(j =>
            {
                j.WriteStartArray();
                foreach (var e in c.Events)
                {
                    j.WriteStartObject();
                    j.WriteString("kind", SystemEventKinds.ToWire(e.Kind));
                    WriteInstant(j, "at", e.At);
                    WriteNullable(j, "actor", e.Actor);
                    j.WriteString("text", e.Text);
                    j.WriteEndObject();
                }
                j.WriteEndArray();
            });
            Raw("}");
        }
        Raw("],\"findings\":");
        Value(j =>
        {
            j.WriteStartArray();
            foreach (var f in _findings.Complete().Concat(extraFindings ?? []))
            {
                j.WriteStartObject();
                j.WriteString("kind", f.Kind);
                WriteInstant(j, "at", f.At);
                WriteNullable(j, "actor", f.Actor);
                j.WriteString("detail", f.Detail);
                j.WriteEndObject();
            }
            j.WriteEndArray();
        });
        Raw("}");
        _output.Flush();
        _completed = true;
    }

    private void Raw(string ascii)
    {
        Span<byte> b = stackalloc byte[ascii.Length];
        for (var i = 0; i < ascii.Length; i++) b[i] = (byte)ascii[i];
        _output.Write(b);
    }

    private void Value(Action<Utf8JsonWriter> write)
    {
        using var j = new Utf8JsonWriter(_output, Options);
        write(j);
        j.Flush();
    }

    /// <summary>One message object, appended (after a comma when not the first) to its conversation's file.</summary>
    private void WriteMessage(Conversation c, CanonicalMessage m)
    {
        if (!ReferenceEquals(_open, c))
        {
            CloseOpen();
            c.Path ??= System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chatarchive-inspect-" + Guid.NewGuid().ToString("N") + ".json");
            c.File = new FileStream(c.Path, FileMode.Append, FileAccess.Write, FileShare.None, 1 << 16);
            _open = c;
        }
        _buffer.ResetWrittenCount();
        _item.Reset(_buffer);
        WriteMessage(_item, m, _email);
        _item.Flush();
        if (c.Messages++ > 0) c.File!.WriteByte((byte)',');
        c.File!.Write(_buffer.WrittenSpan);
    }

    private void CloseOpen()
    {
        if (_open is null) return;
        _open.File!.Dispose();
        _open.File = null;
        _open = null;
    }

    public ReadOutFindings Findings => _findings;

    private static void WriteParticipants(Utf8JsonWriter j, IReadOnlyList<string> participants)
    {
        j.WriteStartArray();
        foreach (var p in participants) j.WriteStringValue(p);
        j.WriteEndArray();
    }

    private static void WriteMessage(Utf8JsonWriter _json, CanonicalMessage m, EmailDetailsRead? email)
    {
        _json.WriteStartObject();
        _json.WriteString("sender", m.Sender);
        WriteInstant(_json, "sent", m.Sent);
        _json.WriteString("text", m.Text);
        _json.WriteStartArray("attachments");
        foreach (var a in m.Attachments)
        {
            _json.WriteStartObject();
            _json.WriteString("fileName", a.FileName);
            WriteNullable(_json, "mediaType", a.MediaType);
            _json.WriteBoolean("present", a.Present);
            WriteNullable(_json, "sha256", a.Sha256);
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
        _json.WriteBoolean("edited", m.Edited);
        _json.WriteBoolean("deleted", m.Deleted);
        if (email is not null)
        {
            // Channel email (issue 16): what a mail has beyond a chat message.
            _json.WriteStartObject("email");
            WriteNullable(_json, "messageId", email.MessageId);
            WriteNullable(_json, "threadId", email.ThreadId);
            _json.WriteString("subject", email.Subject);
            _json.WriteStartArray("to");
            foreach (var t in email.To) _json.WriteStringValue(t);
            _json.WriteEndArray();
            _json.WriteStartArray("cc");
            foreach (var c in email.Cc) _json.WriteStringValue(c);
            _json.WriteEndArray();
            _json.WriteString("folder", email.Folder);
            _json.WriteBoolean("suggestedPrivate", email.SuggestedPrivate);
            _json.WriteEndObject();
        }
        _json.WriteEndObject();
    }

    private static void WriteInstant(Utf8JsonWriter _json, string name, DateTimeOffset? at)
    {
        if (at is { } t) _json.WriteString(name, Iso(t));
        else _json.WriteNull(name);
    }

    private static void WriteNullable(Utf8JsonWriter _json, string name, string? value)
    {
        if (value is null) _json.WriteNull(name);
        else _json.WriteString(name, value);
    }

    /// <summary>ISO 8601 with the offset of that instant (issue 3 §7).</summary>
    public static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        CloseOpen();
        _item.Dispose();
        if (_completed) return;
        foreach (var c in _order)
        {
            if (c.Path is not null) File.Delete(c.Path); // an inspect that failed half-way leaves no temporary files
        }
    }
}
