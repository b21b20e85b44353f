using System.Text.Json;
using System.Text.Json.Serialization;
using ChatArchive.Workflows.Engine.Activities;

namespace ChatArchive.Workflows.Activities.Checklists;

/// <summary>One item of a checklist as a definition writes it: a stable key, the statement, and a Dutch explanation.</summary>
public sealed record ChecklistItemInput(
    [property: JsonPropertyName("sleutel")] string Key,
    [property: JsonPropertyName("tekst")] string Text,
    [property: JsonPropertyName("toelichting")] string Explanation);

/// <summary>Reads and checks the items of a checklist input (JSON array); a bad list is a Dutch incident naming the problem.</summary>
public static class ChecklistItems
{
    public static IReadOnlyList<ChecklistItemInput> Parse(string? json, string checklistTitle)
    {
        List<ChecklistItemInput>? items;
        try
        {
            items = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<List<ChecklistItemInput>>(json);
        }
        catch (JsonException)
        {
            throw new ActivityInputException(
                $"De punten van checklist '{checklistTitle}' zijn geen geldige lijst. Schrijf ze als [{{\"sleutel\": \"…\", \"tekst\": \"…\", \"toelichting\": \"…\"}}].");
        }
        if (items is null || items.Count == 0)
        {
            throw new ActivityInputException($"Checklist '{checklistTitle}' heeft geen punten. Voeg er in de editor minstens één toe.");
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, i) in items.Select((x, i) => (x, i + 1)))
        {
            if (item is null || string.IsNullOrWhiteSpace(item.Key) || string.IsNullOrWhiteSpace(item.Text) || string.IsNullOrWhiteSpace(item.Explanation))
            {
                throw new ActivityInputException($"Punt {i} van checklist '{checklistTitle}' mist een sleutel, tekst of toelichting. Vul alle drie in.");
            }
            if (!keys.Add(item.Key.Trim()))
            {
                throw new ActivityInputException($"Checklist '{checklistTitle}' heeft de sleutel '{item.Key}' twee keer. Geef elk punt een eigen sleutel.");
            }
        }
        return items.Select(x => new ChecklistItemInput(x.Key.Trim(), x.Text.Trim(), x.Explanation.Trim())).ToList();
    }
}
