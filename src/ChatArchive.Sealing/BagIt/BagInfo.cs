using System.Text;

namespace ChatArchive.Sealing.BagIt;

/// <summary>
/// bag-info.txt (RFC 8493 §2.2.2): "Label: value" lines in a fixed order. Reserved labels used here:
/// Source-Organization, Bagging-Date, Payload-Oxum ("octets.streams", §2.2.2), External-Identifier;
/// the others are this system's own and name the officeholder, channel, period and seal.
/// </summary>
public sealed record BagInfo(IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public const string PayloadOxum = "Payload-Oxum";

    public string? this[string label] => Fields.FirstOrDefault(f => f.Key == label).Value;

    public byte[] ToBytes()
    {
        var sb = new StringBuilder();
        foreach (var (k, v) in Fields)
        {
            // Values never span lines: a line break would start a continuation (§2.2.2); our values are single-line.
            sb.Append(k).Append(": ").Append(v.Replace('\r', ' ').Replace('\n', ' ')).Append('\n');
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static BagInfo Parse(byte[] content)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var raw in Encoding.UTF8.GetString(content).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if ((line[0] == ' ' || line[0] == '\t') && fields.Count > 0)
            {
                var last = fields[^1];
                fields[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            fields.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return new BagInfo(fields);
    }

    public static string Oxum(long octets, int streams) => $"{octets}.{streams}";
}
