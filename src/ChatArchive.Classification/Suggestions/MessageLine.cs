using System.Text.Json;

namespace ChatArchive.Classification.Suggestions;

/// <summary>Reads the classify input line <c>{"id","conversation","sender","text","replyTo"}</c> with Dutch errors that name the line.</summary>
public static class MessageLine
{
    public static MessageToClassify Parse(string line, int lineNumber)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return Read(doc.RootElement, lineNumber);
        }
        catch (JsonException)
        {
            throw new ClassificationInputException($"Regel {lineNumber} is geen geldige JSON. Elke regel moet één bericht zijn: {{\"id\",\"conversation\",\"sender\",\"text\",\"replyTo\"}}.");
        }
    }

    public static MessageToClassify Read(JsonElement r, int lineNumber)
    {
        if (r.ValueKind != JsonValueKind.Object)
        {
            throw new ClassificationInputException($"Regel {lineNumber} is geen JSON-object. Elke regel moet één bericht zijn: {{\"id\",\"conversation\",\"sender\",\"text\",\"replyTo\"}}.");
        }
        var id = Required(r, "id", lineNumber);
        var conversation = Required(r, "conversation", lineNumber);
        var sender = Required(r, "sender", lineNumber);
        if (!r.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String)
        {
            throw new ClassificationInputException($"Regel {lineNumber} (bericht {id}) mist het veld \"text\" als tekst. Gebruik \"\" voor een bericht zonder tekst.");
        }
        string? replyTo = null;
        if (r.TryGetProperty("replyTo", out var rt) && rt.ValueKind != JsonValueKind.Null)
        {
            replyTo = rt.ValueKind == JsonValueKind.String
                ? rt.GetString()
                : throw new ClassificationInputException($"Regel {lineNumber} (bericht {id}): \"replyTo\" moet de id van een bericht zijn (tekst) of null.");
        }
        string? fingerprint = null;
        if (r.TryGetProperty("fingerprint", out var fp) && fp.ValueKind != JsonValueKind.Null)
        {
            fingerprint = fp.ValueKind == JsonValueKind.String
                ? fp.GetString()
                : throw new ClassificationInputException($"Regel {lineNumber} (bericht {id}): \"fingerprint\" moet tekst zijn of null.");
        }
        return new MessageToClassify(id, conversation, sender, t.GetString()!, replyTo) { Fingerprint = fingerprint };
    }

    private static string Required(JsonElement r, string name, int lineNumber)
    {
        if (r.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(p.GetString()))
        {
            return p.GetString()!;
        }
        throw new ClassificationInputException($"Regel {lineNumber} mist het veld \"{name}\" (niet-lege tekst). Vul het aan en probeer opnieuw.");
    }
}
