using System.Reflection;
using System.Text.Json;
using ChatArchive.Classification.Matching;

namespace ChatArchive.Classification.Lexicons;

/// <summary>
/// Reads lexicon files (issue 4 §3: lexicons are data, not code). The shipped lists are embedded;
/// a department adds its own by putting <c>*.json</c> files in a folder, read in file-name order.
/// A file that cannot be used is refused as a whole with a Dutch message: no half-loaded list.
/// </summary>
public static class LexiconLoader
{
    public const double MaxAbsoluteWeight = 5.0;

    private static readonly string[] ShippedNames = ["nl", "en"];

    /// <summary>The shipped Dutch and English lexicons.</summary>
    public static IReadOnlyList<Lexicon> LoadShipped()
    {
        var assembly = typeof(LexiconLoader).Assembly;
        var result = new List<Lexicon>();
        foreach (var name in ShippedNames)
        {
            using var stream = assembly.GetManifestResourceStream($"ChatArchive.Classification.Lexicons.{name}.json")
                ?? throw new InvalidOperationException($"Embedded lexicon {name}.json is missing from the assembly.");
            result.Add(Parse(stream, $"{name}.json (meegeleverd)"));
        }
        return result;
    }

    /// <summary>Every <c>*.json</c> in <paramref name="folder"/>, in ordinal file-name order.</summary>
    public static IReadOnlyList<Lexicon> LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new LexiconException($"De map met woordenlijsten '{folder}' bestaat niet. Geef een bestaande map op of laat --lexicons weg.");
        }
        var files = Directory.GetFiles(folder, "*.json").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        var result = new List<Lexicon>(files.Count);
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            result.Add(Parse(stream, Path.GetFileName(file)));
        }
        return result;
    }

    /// <summary>Parses one lexicon file; <paramref name="displayName"/> names it in errors.</summary>
    public static Lexicon Parse(Stream json, string displayName)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new LexiconException($"Woordenlijst '{displayName}' is geen geldige JSON (regel {e.LineNumber + 1}). Herstel het bestand en probeer opnieuw.");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new LexiconException($"Woordenlijst '{displayName}' moet een JSON-object zijn met \"id\", \"version\", \"language\" en \"entries\".");
            }
            var id = RequiredString(root, "id", displayName);
            var version = RequiredString(root, "version", displayName);
            var language = RequiredString(root, "language", displayName);
            if (!root.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                throw new LexiconException($"Woordenlijst '{displayName}' mist de lijst \"entries\". Voeg die toe (mag leeg zijn).");
            }
            var list = new List<LexiconEntry>();
            var seen = new HashSet<(string, string)>();
            var index = 0;
            foreach (var e in entries.EnumerateArray())
            {
                index++;
                list.Add(ParseEntry(e, index, id, displayName, seen));
            }
            return new Lexicon(id, version, language, list);
        }
    }

    private static LexiconEntry ParseEntry(JsonElement e, int index, string lexiconId, string displayName, HashSet<(string, string)> seen)
    {
        var where = $"woordenlijst '{displayName}', item {index}";
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new LexiconException($"In {where}: elk item moet een object zijn met \"term\", \"category\" en \"weight\".");
        }
        var term = RequiredString(e, "term", where);
        var normalized = TermNormalizer.Normalize(term);
        if (normalized.Length == 0)
        {
            throw new LexiconException($"In {where}: de term '{term}' bevat geen letters of cijfers. Gebruik woorden, eventueel met * aan het eind.");
        }
        if (normalized.StartsWith('*') && (normalized.Contains(' ') || normalized.EndsWith('*') || normalized.Length < 5))
        {
            throw new LexiconException($"In {where}: een * vooraan (woorddeel aan het eind van een samenstelling, zoals '*operatie') mag alleen bij één woord van minstens 4 letters, zonder * achteraan.");
        }
        var categoryName = RequiredString(e, "category", where);
        if (!LexiconCategory.TryGet(categoryName, out var category))
        {
            throw new LexiconException($"In {where}: onbekende categorie '{categoryName}'. Gebruik een van: {string.Join(", ", LexiconCategory.All.Select(c => c.Name))}.");
        }
        if (!e.TryGetProperty("weight", out var w) || w.ValueKind != JsonValueKind.Number || !w.TryGetDouble(out var weight)
            || double.IsNaN(weight) || weight == 0 || Math.Abs(weight) > MaxAbsoluteWeight)
        {
            throw new LexiconException($"In {where}: \"weight\" moet een getal zijn tussen -{MaxAbsoluteWeight} en {MaxAbsoluteWeight}, niet 0 (1 = sterke aanwijzing, 0.5 = zwakke).");
        }
        if (!seen.Add((normalized, categoryName)))
        {
            throw new LexiconException($"In {where}: de term '{term}' staat al eerder in deze lijst met categorie '{categoryName}'. Verwijder het dubbele item.");
        }
        return new LexiconEntry(normalized, category, weight, lexiconId);
    }

    private static string RequiredString(JsonElement obj, string name, string where)
    {
        if (!obj.TryGetProperty(name, out var p) || p.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.GetString()))
        {
            throw new LexiconException($"In {where}: het veld \"{name}\" ontbreekt of is leeg. Vul het in als tekst.");
        }
        return p.GetString()!.Trim();
    }
}
