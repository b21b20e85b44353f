using System.Globalization;

namespace ChatArchive.Server.Registry;

/// <summary>
/// Collects Dutch validation messages per field (JSON names) for a 400 ValidationProblem. Dates
/// and enum values arrive as text so that a wrong value gets a message naming the field instead
/// of a generic "could not read the body".
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    /// <summary>Number of messages so far (lets a helper see whether its own checks added any).</summary>
    public int Count => _errors.Values.Sum(l => l.Count);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public bool Has(string field) => _errors.ContainsKey(field);

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public string? Required(string field, string? value, string what, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"Vul {what} in.");
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, $"{Capitalize(what)} is te lang: maximaal {maxLength} tekens.");
            return null;
        }
        if (ChatArchive.Server.Security.TextSafety.FindUnsafe(trimmed) is { } bad)
        {
            Add(field, $"{Capitalize(what)} bevat een onzichtbaar stuurteken ({bad}). Typ de tekst opnieuw zonder dat teken.");
            return null;
        }
        return trimmed;
    }

    public string? Optional(string field, string? value, string what, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Required(field, value, what, maxLength);
    }

    public DateOnly? RequiredDate(string field, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"Vul {what} in (JJJJ-MM-DD, bijvoorbeeld 2024-01-08).");
            return null;
        }
        return OptionalDate(field, value, what);
    }

    public DateOnly? OptionalDate(string field, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        Add(field, $"'{value}' is geen geldige datum voor {what}. Gebruik JJJJ-MM-DD, bijvoorbeeld 2024-01-08.");
        return null;
    }

    public TEnum? RequiredEnum<TEnum>(string field, string? value, string what) where TEnum : struct, Enum
    {
        var allowed = string.Join(", ", Enum.GetNames<TEnum>());
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"Vul {what} in; kies uit: {allowed}.");
            return null;
        }
        if (Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)) return parsed;
        Add(field, $"'{value}' is geen geldige waarde voor {what}; kies uit: {allowed}.");
        return null;
    }

    /// <summary>An end before the start is refused: CIO Rijk-rapportage 2024 shows functions of four days, never negative ones.</summary>
    public void Period(string endField, DateOnly? start, DateOnly? end, string what)
    {
        if (start is { } s && end is { } e && e < s)
        {
            Add(endField, $"De einddatum van {what} ({e:yyyy-MM-dd}) ligt vóór de begindatum ({s:yyyy-MM-dd}). Kies een einddatum op of na de begindatum.");
        }
    }

    /// <summary>E.164: + followed by 8 to 15 digits; spaces and dashes are removed first.</summary>
    public string? PhoneNumber(string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, "Vul het telefoonnummer in, internationaal geschreven (bijvoorbeeld +31612345678).");
            return null;
        }
        var compact = new string(value.Where(c => c is not (' ' or '-' or '(' or ')')).ToArray());
        if (compact.Length is >= 9 and <= 16 && compact[0] == '+' && compact.Skip(1).All(char.IsAsciiDigit)) return compact;
        Add(field, "Het telefoonnummer is niet geldig. Schrijf het internationaal: een + gevolgd door 8 tot 15 cijfers (bijvoorbeeld +31612345678).");
        return null;
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
