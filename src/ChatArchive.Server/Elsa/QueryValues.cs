using System.Globalization;

namespace ChatArchive.Server.Elsa;

/// <summary>Reads Studio's query strings: repeated or comma-separated lists, case-insensitive names (Studio mixes "Page" and "versionOptions").</summary>
public static class QueryValues
{
    public static IReadOnlyList<string>? List(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values)) return null;
        var list = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        return list.Count == 0 ? null : list;
    }

    public static string? Text(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    /// <summary>An integer parameter; a value that is not a number within range is a Dutch 400, not a silent default.</summary>
    public static bool TryInt(HttpRequest request, string name, int fallback, int min, int max, out int value, out IResult? problem)
    {
        problem = null;
        value = fallback;
        var text = Text(request, name);
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max) return true;
        problem = ElsaProblems.BadRequest($"'{name}' moet een geheel getal van {min} tot en met {max} zijn; ontvangen: '{text}'.");
        return false;
    }
}
