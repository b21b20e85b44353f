using System.Globalization;

namespace ChatArchive.Workflows.Api;

/// <summary>Checks Studio's query values after typed binding: lists may be repeated or comma-separated, numbers are checked in Dutch.</summary>
public static class QueryValues
{
    /// <summary>Repeated (<c>?a=1&amp;a=2</c>) and comma-separated (<c>?a=1,2</c>) values as one list; null when none.</summary>
    public static IReadOnlyList<string>? List(params string[]?[] values)
    {
        var list = values.Where(v => v is not null).SelectMany(v => v!)
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        return list.Count == 0 ? null : list;
    }

    /// <summary>An integer parameter; a value that is not a number within range is a Dutch 400, not a silent default.</summary>
    public static bool TryInt(string name, string? text, int fallback, int min, int max, out int value, out ProblemHttpResult? problem)
    {
        problem = null;
        value = fallback;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max) return true;
        problem = ElsaProblems.BadRequest($"'{name}' moet een geheel getal van {min} tot en met {max} zijn; ontvangen: '{text}'.");
        return false;
    }

    // Untyped forms for the server's task API (/api/tasks), which still reads its query by hand.

    public static IReadOnlyList<string>? List(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) ? List(values.Select(v => v ?? "").ToArray()) : null;

    public static string? Text(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    public static bool TryInt(HttpRequest request, string name, int fallback, int min, int max, out int value, out IResult? problem)
    {
        var ok = TryInt(name, Text(request, name), fallback, min, max, out value, out var typed);
        problem = typed;
        return ok;
    }
}
