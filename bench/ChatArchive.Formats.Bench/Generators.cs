using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ChatArchive.Formats.Bench;

/// <summary>
/// Deterministic large exports (fixed seed) in each format, with multi-line texts, several senders and
/// attachment references, so that a run can be repeated and compared.
/// </summary>
internal static class Generators
{
    private static readonly string[] Senders = ["Anna de Vries", "Rob Hendriks", "Sanne Visser", "Fatima El Amrani", "Joost van den Berg", "Ahmed Yilmaz", "Eva Mulder"];

    private static readonly string[] Phrases =
    [
        "Goedemorgen, de nota over de begroting staat klaar.",
        "Kun je de Kamervragen vóór vrijdag beantwoorden?",
        "Het overleg met de provincie is verplaatst naar donderdag 14:00.",
        "Ok",
        "Dank je, ik kijk ernaar.",
        "Zie de bijlage voor de planning van het tweede kwartaal.",
        "De woordvoerder belt je zo over het persbericht.",
        "Agenda:\n10:30 stand van zaken\n12:00 lunch met de wethouder",
    ];

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly DateTime Start = new(2023, 1, 2, 8, 0, 0, DateTimeKind.Utc);

    public static void Write(string format, string folder, int messages)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(20231122);
        switch (format)
        {
            case "telegram": Telegram(folder, messages, random); break;
            case "sms": Sms(folder, messages, random); break;
            case "signal": Signal(folder, messages, random); break;
            case "imessage": IMessage(folder, messages, random); break;
            case "teams": Teams(folder, messages, random); break;
            default: throw new ArgumentException("unknown format " + format);
        }
    }

    private static (DateTime Utc, string Sender, string Text) Next(Random random, int i)
    {
        var text = Phrases[random.Next(Phrases.Length)];
        if (random.Next(10) == 0)
        {
            text += "\n" + Phrases[random.Next(Phrases.Length)];
        }
        return (Start.AddSeconds(i * 37L + random.Next(30)), Senders[random.Next(Senders.Length)], text);
    }

    private static StreamWriter Writer(string path) => new(path, false, new UTF8Encoding(false), 1 << 16);

    private static void Telegram(string folder, int count, Random random)
    {
        using var w = Writer(Path.Combine(folder, "result.json"));
        w.Write("{\n \"name\": \"Crisisteam Hoogwater\",\n \"type\": \"private_supergroup\",\n \"id\": 1987654321,\n \"messages\": [\n");
        for (var i = 0; i < count; i++)
        {
            var (utc, sender, text) = Next(random, i);
            var unix = new DateTimeOffset(utc).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            w.Write(i == 0 ? "  " : ",\n  ");
            w.Write($"{{\"id\": {i + 1}, \"type\": \"message\", \"date\": \"{utc:yyyy-MM-dd'T'HH:mm:ss}\", \"date_unixtime\": \"{unix}\", \"from\": {JsonSerializer.Serialize(sender, Json)}, \"from_id\": \"user{sender.Length}\", ");
            if (i % 50 == 0)
            {
                w.Write($"\"photo\": \"photos/photo_{i}@02-01-2023.jpg\", \"width\": 1280, \"height\": 960, ");
            }
            w.Write($"\"text\": {JsonSerializer.Serialize(text, Json)}, \"text_entities\": [{{\"type\": \"plain\", \"text\": {JsonSerializer.Serialize(text, Json)}}}]}}");
        }
        w.Write("\n ]\n}\n");
    }

    private static void Sms(string folder, int count, Random random)
    {
        using var w = Writer(Path.Combine(folder, "sms-20231122080000.xml"));
        w.Write($"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!--File Created By SMS Backup & Restore v10.20.002 on 22/11/2023 08:00:00-->\n<smses count=\"{count}\" type=\"full\">\n");
        var mms = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (utc, sender, text) = Next(random, i);
            var ms = new DateTimeOffset(utc).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var number = "+3161234" + (Array.IndexOf(Senders, sender) * 1111).ToString("0000", CultureInfo.InvariantCulture);
            var body = System.Security.SecurityElement.Escape(text).Replace("\n", "&#10;", StringComparison.Ordinal);
            if (i % 20 == 0)
            {
                mms.Add($"  <mms date=\"{ms}\" msg_box=\"1\" address=\"{number}~+31698765432\" m_type=\"132\" contact_name=\"{sender}, Mark de Jong\">\n    <parts>\n      <part seq=\"-1\" ct=\"application/smil\" name=\"null\" text=\"&lt;smil&gt;&lt;/smil&gt;\" />\n      <part seq=\"0\" ct=\"text/plain\" name=\"null\" text=\"{body}\" />\n      <part seq=\"0\" ct=\"image/jpeg\" name=\"IMG_{i}.jpg\" data=\"/9j/4AAQSkZJRgABAQAAAQABAAD/2Q==\" />\n    </parts>\n    <addrs>\n      <addr address=\"{number}\" type=\"137\" charset=\"106\" />\n    </addrs>\n  </mms>\n");
                continue;
            }
            w.Write($"  <sms protocol=\"0\" address=\"{number}\" date=\"{ms}\" type=\"{(i % 3 == 0 ? 2 : 1)}\" subject=\"null\" body=\"{body}\" toa=\"null\" sc_toa=\"null\" service_center=\"null\" read=\"1\" status=\"-1\" locked=\"0\" date_sent=\"0\" sub_id=\"1\" readable_date=\"x\" contact_name=\"{sender}\" />\n");
        }
        // The app writes every sms before every mms (FORMATS.md §3): the reader merges them by time.
        foreach (var m in mms)
        {
            w.Write(m);
        }
        w.Write("</smses>\n");
    }

    private static void Signal(string folder, int count, Random random)
    {
        var conversation = Path.Combine(folder, "Overleg Jeugdzorg Regio Oost");
        Directory.CreateDirectory(conversation);
        using var w = Writer(Path.Combine(conversation, "data.json"));
        for (var i = 0; i < count; i++)
        {
            var (utc, sender, text) = Next(random, i);
            var local = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
            var attachments = i % 50 == 0 ? $"[{{\"name\": \"IMG_{i}.jpg\", \"path\": \"media/IMG_{i}.jpg\"}}]" : "[]";
            w.Write($"{{\"date\": \"{local:yyyy-MM-dd'T'HH:mm:ss}\", \"sender\": {JsonSerializer.Serialize(sender, Json)}, \"body\": {JsonSerializer.Serialize(text + "  ", Json)}, \"quote\": \"\", \"sticker\": \"\", \"reactions\": [], \"attachments\": {attachments}, \"deleted\": false, \"call\": false, \"missed\": false}}\n");
        }
    }

    private static void IMessage(string folder, int count, Random random)
    {
        using var w = Writer(Path.Combine(folder, "Crisisteam Hoogwater.txt"));
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        for (var i = 0; i < count; i++)
        {
            var (utc, sender, text) = Next(random, i);
            var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
            var hour = local.ToString("%h", CultureInfo.InvariantCulture).PadLeft(2, ' ');
            w.Write($"{local.ToString("MMM dd, yyyy", CultureInfo.InvariantCulture)} {hour}:{local:mm:ss} {local.ToString("tt", CultureInfo.InvariantCulture)}\n");
            w.Write(sender == "Rob Hendriks" ? "Me" : sender);
            w.Write('\n');
            w.Write(text);
            w.Write('\n');
            if (i % 50 == 0)
            {
                w.Write($"attachments/7/IMG_{i}.jpeg\n");
            }
            w.Write('\n');
        }
    }

    private static void Teams(string folder, int count, Random random)
    {
        // Graph pages of 50, newest first, as an export tool stores them.
        var all = Enumerable.Range(0, count).Select(i => (i, Next(random, i))).ToList();
        all.Reverse();
        var page = 0;
        foreach (var chunk in all.Chunk(50))
        {
            using var w = Writer(Path.Combine(folder, $"page-{page++:000000}.json"));
            w.Write("{\"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#chats('19%3Ab7c8%40thread.v2')/messages\", \"value\": [\n");
            var first = true;
            foreach (var (i, (utc, sender, text)) in chunk)
            {
                var created = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                var html = "<p>" + System.Net.WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>";
                w.Write(first ? "" : ",\n");
                first = false;
                w.Write($"{{\"id\": \"{1672646400000L + i}\", \"messageType\": \"message\", \"createdDateTime\": \"{created}\", \"lastModifiedDateTime\": \"{created}\", \"lastEditedDateTime\": null, \"deletedDateTime\": null, \"chatId\": \"19:b7c8@thread.v2\", \"from\": {{\"application\": null, \"device\": null, \"user\": {{\"id\": \"u{sender.Length}\", \"displayName\": {JsonSerializer.Serialize(sender, Json)}, \"userIdentityType\": \"aadUser\"}}}}, \"body\": {{\"contentType\": \"html\", \"content\": {JsonSerializer.Serialize(html, Json)}}}, \"attachments\": [], \"mentions\": [], \"reactions\": []}}");
            }
            w.Write("\n]}\n");
        }
    }
}
