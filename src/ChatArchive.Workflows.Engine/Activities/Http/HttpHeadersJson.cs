using System.Text.Json;

namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>Elsa's HttpHeaders as JSON: an object of header name → a value or a list of values.</summary>
public static class HttpHeadersJson
{
    public static IReadOnlyList<KeyValuePair<string, string[]>> Parse(string? json, string label)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == JsonValueKind.Null)
            {
                return [];
            }
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ActivityInputException($"De headers van activiteit '{label}' moeten een JSON-object zijn (naam → waarde).");
            }
            var list = new List<KeyValuePair<string, string[]>>();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                string[] values = p.Value.ValueKind switch
                {
                    JsonValueKind.Array => p.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToArray(),
                    JsonValueKind.String => [p.Value.GetString()!],
                    JsonValueKind.Null => [],
                    _ => [p.Value.GetRawText()],
                };
                list.Add(new(p.Name, values));
            }
            return list;
        }
        catch (JsonException)
        {
            throw new ActivityInputException($"De headers van activiteit '{label}' zijn geen geldig JSON-object (naam → waarde).");
        }
    }
}
