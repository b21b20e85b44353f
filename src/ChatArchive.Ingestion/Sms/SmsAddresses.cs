namespace ChatArchive.Ingestion.Sms;

/// <summary>Phone numbers and contact names as SMS Backup &amp; Restore writes them (FORMATS.md §3).</summary>
internal static class SmsAddresses
{
    /// <summary>
    /// One key per number however the phone stored it: separators dropped, "00" → "+", and a Dutch national
    /// number (0 + 9 digits) written as +31, so "06 1234 5678" and "+31612345678" are one conversation.
    /// </summary>
    public static string Normalize(string address)
    {
        var kept = new string(address.Where(c => char.IsAsciiDigit(c) || c == '+' || char.IsLetter(c) || c == '@' || c == '.').ToArray());
        if (kept.Length == 0)
        {
            return address.Trim();
        }
        if (kept.StartsWith("00", StringComparison.Ordinal))
        {
            return "+" + kept[2..];
        }
        if (kept.Length == 10 && kept[0] == '0' && kept.All(char.IsAsciiDigit))
        {
            return "+31" + kept[1..];
        }
        return kept;
    }

    /// <summary>
    /// Values copied from Android's database carry the literal "null" for NULL, and contact_name can be a
    /// placeholder in brackets for unknown numbers ("(Unknown)", low confidence, so matched loosely).
    /// </summary>
    public static string? Meaningful(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value == "null")
        {
            return null;
        }
        var t = value.Trim();
        return t.StartsWith('(') && t.EndsWith(')') ? null : value;
    }

    /// <summary>The <c>~</c>-joined MMS address list, normalized, without duplicates, in the order written (contact_name follows that order).</summary>
    public static List<string> SplitMms(string address) =>
        address.Split('~', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(a => Meaningful(a) is not null)
            .Select(Normalize)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
