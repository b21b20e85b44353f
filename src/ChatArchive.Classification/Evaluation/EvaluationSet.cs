using System.Text.Json;
using ChatArchive.Classification.Suggestions;

namespace ChatArchive.Classification.Evaluation;

/// <summary>
/// Reads a labeled set (JSONL: the classify input fields plus "expected", "expectedCategories",
/// "expectedBsn") and draws a deterministic sample of whole conversations, so acknowledgements keep
/// the message they answer.
/// </summary>
public static class EvaluationSet
{
    public static IReadOnlyList<LabeledMessage> Load(string path)
    {
        var result = new List<LabeledMessage>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                var message = MessageLine.Read(r, lineNumber);
                if (!MessageLabels.TryParse(r.TryGetProperty("expected", out var x) ? x.GetString() : null, out var expected))
                {
                    throw new ClassificationInputException($"Regel {lineNumber}: \"expected\" moet business, private of party-political zijn.");
                }
                var categories = r.TryGetProperty("expectedCategories", out var c) && c.ValueKind == JsonValueKind.Array
                    ? c.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
                    : [];
                var bsn = r.TryGetProperty("expectedBsn", out var b) && b.ValueKind == JsonValueKind.True;
                result.Add(new LabeledMessage(message, expected, categories, bsn));
            }
            catch (JsonException)
            {
                throw new ClassificationInputException($"Regel {lineNumber} van de evaluatieset is geen geldige JSON. Herstel de regel.");
            }
        }
        return result;
    }

    /// <summary>About <paramref name="size"/> messages: every k-th conversation, in file order.</summary>
    public static IReadOnlyList<LabeledMessage> Sample(IReadOnlyList<LabeledMessage> set, int size)
    {
        if (size <= 0 || size >= set.Count) return set;
        var conversations = set.Select(m => m.Message.Conversation).Distinct().ToList();
        var stride = Math.Max(1, (int)Math.Floor(set.Count / (double)size));
        var chosen = conversations.Where((_, i) => i % stride == 0).ToHashSet(StringComparer.Ordinal);
        return set.Where(m => chosen.Contains(m.Message.Conversation)).ToList();
    }
}
