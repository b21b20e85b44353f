using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Pipeline;

/// <summary>
/// Writes the JSON of <c>chatarchive inspect</c> (issue 3 §7) while the reader streams: messages go
/// out as they are read, so memory stays bounded. System events of a conversation are held until
/// the conversation ends (they are few) because the shape lists them after the messages.
/// Participants are written before the messages when the reader knows them up front, otherwise
/// after the system events.
/// </summary>
public sealed class InspectJsonWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = false,
        // Message text is written as it is (Dutch accents, emoji), only what JSON requires is escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Utf8JsonWriter _json;
    private readonly ReadOutFindings _findings = new();
    private readonly List<SystemEvent> _events = [];
    private bool _inConversation;
    private bool _participantsWritten;
    private IReadOnlyList<string> _participants = [];

    public InspectJsonWriter(Stream output, string format)
    {
        _json = new Utf8JsonWriter(output, Options);
        _json.WriteStartObject();
        _json.WriteString("format", format);
        _json.WriteStartArray("conversations");
    }

    public void Write(ExportItem item)
    {
        _findings.Observe(item);
        switch (item)
        {
            case ConversationStarted s:
                EndConversation();
                _inConversation = true;
                _json.WriteStartObject();
                _json.WriteString("title", s.Title);
                _json.WriteBoolean("isGroup", s.IsGroup);
                _participants = s.Participants;
                _participantsWritten = s.Participants.Count > 0;
                if (_participantsWritten) WriteParticipants(s.Participants);
                _json.WriteStartArray("messages");
                break;
            case MessageRead m:
                WriteMessage(m.Message);
                if (_json.BytesPending > 1 << 16) _json.Flush();
                break;
            case SystemEventRead e:
                _events.Add(e.Event);
                break;
            case ConversationCompleted c:
                _participants = _participants.Union(c.Participants).ToList();
                break;
        }
    }

    /// <summary>Closes the document with the findings of this read-out plus <paramref name="extraFindings"/>.</summary>
    public void Complete(IEnumerable<Finding>? extraFindings = null)
    {
        EndConversation();
        _json.WriteEndArray();
        _json.WriteStartArray("findings");
        foreach (var f in _findings.Complete().Concat(extraFindings ?? []))
        {
            _json.WriteStartObject();
            _json.WriteString("kind", f.Kind);
            WriteInstant("at", f.At);
            WriteNullable("actor", f.Actor);
            _json.WriteString("detail", f.Detail);
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
    }

    public ReadOutFindings Findings => _findings;

    private void EndConversation()
    {
        if (!_inConversation) return;
        _json.WriteEndArray();
        _json.WriteStartArray("systemEvents");
        foreach (var e in _events)
        {
            _json.WriteStartObject();
            _json.WriteString("kind", SystemEventKinds.ToWire(e.Kind));
            WriteInstant("at", e.At);
            WriteNullable("actor", e.Actor);
            _json.WriteString("text", e.Text);
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
        if (!_participantsWritten) WriteParticipants(_participants);
        _json.WriteEndObject();
        _events.Clear();
        _inConversation = false;
    }

    private void WriteParticipants(IReadOnlyList<string> participants)
    {
        _json.WriteStartArray("participants");
        foreach (var p in participants) _json.WriteStringValue(p);
        _json.WriteEndArray();
    }

    private void WriteMessage(CanonicalMessage m)
    {
        _json.WriteStartObject();
        _json.WriteString("sender", m.Sender);
        WriteInstant("sent", m.Sent);
        _json.WriteString("text", m.Text);
        _json.WriteStartArray("attachments");
        foreach (var a in m.Attachments)
        {
            _json.WriteStartObject();
            _json.WriteString("fileName", a.FileName);
            WriteNullable("mediaType", a.MediaType);
            _json.WriteBoolean("present", a.Present);
            WriteNullable("sha256", a.Sha256);
            _json.WriteEndObject();
        }
        _json.WriteEndArray();
        _json.WriteBoolean("edited", m.Edited);
        _json.WriteBoolean("deleted", m.Deleted);
        _json.WriteEndObject();
    }

    private void WriteInstant(string name, DateTimeOffset? at)
    {
        if (at is { } t) _json.WriteString(name, Iso(t));
        else _json.WriteNull(name);
    }

    private void WriteNullable(string name, string? value)
    {
        if (value is null) _json.WriteNull(name);
        else _json.WriteString(name, value);
    }

    /// <summary>ISO 8601 with the offset of that instant (issue 3 §7).</summary>
    public static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public void Dispose() => _json.Dispose();
}
