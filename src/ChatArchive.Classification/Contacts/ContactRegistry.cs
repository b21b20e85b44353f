using System.Text.Json;
using ChatArchive.Classification.Suggestions;

namespace ChatArchive.Classification.Contacts;

/// <summary>
/// The private and party-political contacts an officeholder registered, keyed by the name or number
/// the export shows as sender (trimmed, case-insensitive). Everyone else is a work contact.
/// </summary>
public sealed class ContactRegistry
{
    private readonly Dictionary<string, ContactKind> _contacts;

    public ContactRegistry(IEnumerable<KeyValuePair<string, ContactKind>> contacts)
    {
        _contacts = new Dictionary<string, ContactKind>(StringComparer.OrdinalIgnoreCase);
        foreach (var (sender, kind) in contacts) _contacts[sender.Trim()] = kind;
    }

    public static ContactRegistry Empty { get; } = new([]);

    public int Count => _contacts.Count;

    public ContactKind? Find(string sender) => _contacts.TryGetValue(sender.Trim(), out var kind) ? kind : null;

    /// <summary>Reads <c>{"sender": "private" | "party-political", ...}</c>; a bad file is refused whole, in Dutch.</summary>
    public static ContactRegistry Parse(Stream json, string displayName)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ClassificationInputException($"Contactenbestand '{displayName}' moet een JSON-object zijn: {{\"naam of nummer\": \"private\" of \"party-political\"}}.");
            }
            var list = new List<KeyValuePair<string, ContactKind>>();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var value = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null;
                ContactKind kind = value switch
                {
                    "private" => ContactKind.Private,
                    "party-political" => ContactKind.PartyPolitical,
                    _ => throw new ClassificationInputException(
                        $"Contactenbestand '{displayName}': contact nummer {list.Count + 1} heeft een onbekende soort. Gebruik \"private\" of \"party-political\"."),
                };
                if (p.Name.Trim().Length == 0)
                {
                    throw new ClassificationInputException($"Contactenbestand '{displayName}': contact nummer {list.Count + 1} heeft geen naam. Vul de naam of het nummer in zoals de export die toont.");
                }
                list.Add(new(p.Name, kind));
            }
            return new ContactRegistry(list);
        }
        catch (JsonException e)
        {
            throw new ClassificationInputException($"Contactenbestand '{displayName}' is geen geldige JSON (regel {e.LineNumber + 1}). Herstel het bestand en probeer opnieuw.");
        }
    }
}
