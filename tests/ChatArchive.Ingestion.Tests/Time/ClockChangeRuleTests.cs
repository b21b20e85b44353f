using System.Text;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.Tests.Support;

namespace ChatArchive.Ingestion.Tests.Time;

/// <summary>
/// One rule for both clock changes in every reader whose export holds wall-clock times without an offset
/// (FORMATS.md §1.7; Time/AmsterdamClock): the same four messages, in the same file order, come out as the
/// same instants and offsets whichever app exported them.
/// </summary>
public class ClockChangeRuleTests
{
    // 26 March 2023 02:30 (spring gap), then on 29 October 2023: 02:30, 02:10 (earlier: the clock went back), 02:40.
    private static readonly (DateTimeOffset Utc, TimeSpan Offset)[] Expected =
    [
        (new DateTimeOffset(2023, 3, 26, 1, 30, 0, TimeSpan.Zero), TimeSpan.FromHours(2)),
        (new DateTimeOffset(2023, 10, 29, 0, 30, 0, TimeSpan.Zero), TimeSpan.FromHours(2)),
        (new DateTimeOffset(2023, 10, 29, 1, 10, 0, TimeSpan.Zero), TimeSpan.FromHours(1)),
        (new DateTimeOffset(2023, 10, 29, 1, 40, 0, TimeSpan.Zero), TimeSpan.FromHours(1)),
    ];

    private static readonly (string Date, string Time)[] WallClocks =
        [("2023-03-26", "02:30"), ("2023-10-29", "02:30"), ("2023-10-29", "02:10"), ("2023-10-29", "02:40")];

    private static readonly string[] Texts =
        ["Nachtdienst dijkbewaking begint", "Eerste keer half drie", "Klok is terug, tien over twee", "Nog steeds wintertijd"];

    public static TheoryData<string> WallClockFormats => new()
    {
        ExportFormats.WhatsAppAndroid,
        ExportFormats.WhatsAppIos,
        ExportFormats.SignalExport,
        ExportFormats.IMessageExporter,
        ExportFormats.TelegramDesktop,
    };

    [Theory]
    [MemberData(nameof(WallClockFormats))]
    public void Half_past_two_on_both_change_days_follows_the_shared_file_order_rule(string format)
    {
        var folder = Directory.CreateTempSubdirectory("chatarchive-dst-").FullName;
        try
        {
            var path = Write(format, folder);
            using var source = ExportSourceFactory.Open(path);
            var reader = FormatDetector.Default().Detect(source);
            Assert.Equal(format, reader.Format);
            var messages = reader.Read(source).OfType<MessageRead>().Select(m => m.Message).ToList();

            Assert.Equal(Texts, messages.Select(m => m.Text));
            for (var i = 0; i < Expected.Length; i++)
            {
                Assert.Equal(Expected[i].Utc, messages[i].Sent.ToUniversalTime());
                Assert.Equal(Expected[i].Offset, messages[i].Sent.Offset);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Write(string format, string folder)
    {
        var lines = new StringBuilder();
        for (var i = 0; i < WallClocks.Length; i++)
        {
            var (date, time) = WallClocks[i];
            var d = DateOnly.ParseExact(date, "yyyy-MM-dd", null);
            var t = TimeOnly.ParseExact(time, "HH:mm", null);
            lines.Append(format switch
            {
                ExportFormats.WhatsAppAndroid => $"{d:dd-MM-yyyy} {time} - Sanne de Vries: {Texts[i]}\n",
                ExportFormats.WhatsAppIos => $"[{d:dd-MM-yyyy} {time}:00] Sanne de Vries: {Texts[i]}\r\n",
                ExportFormats.SignalExport => $"[{date} {time}:00] Sanne de Vries: {Texts[i]}  \n\n",
                // imessage-exporter pads a one-digit hour with a space (FORMATS.md §6).
                ExportFormats.IMessageExporter => $"{d.ToString("MMM dd, yyyy", System.Globalization.CultureInfo.InvariantCulture)} {t.ToString("h:mm:ss tt", System.Globalization.CultureInfo.InvariantCulture),11}\nSanne de Vries\n{Texts[i]}\n\n",
                ExportFormats.TelegramDesktop => (i == 0 ? "" : ",\n") +
                    $"{{\"id\": {i + 1}, \"type\": \"message\", \"date\": \"{date}T{time}:00\", \"from\": \"Sanne de Vries\", \"from_id\": \"user42\", \"text\": \"{Texts[i]}\", \"text_entities\": []}}",
                _ => throw new ArgumentOutOfRangeException(nameof(format)),
            });
        }
        switch (format)
        {
            case ExportFormats.WhatsAppAndroid:
                return WriteFile(folder, "WhatsApp-chat met Sanne de Vries.txt", lines.ToString());
            case ExportFormats.WhatsAppIos:
                var zip = Path.Combine(folder, "WhatsApp Chat - Sanne de Vries.zip");
                File.Move(ExportFiles.WriteZip("WhatsApp Chat - Sanne de Vries.zip", ("_chat.txt", ExportFiles.Utf8(lines.ToString()))), zip);
                return zip;
            case ExportFormats.SignalExport:
                WriteFile(Path.Combine(folder, "Sanne de Vries"), "chat.md", lines.ToString());
                return folder;
            case ExportFormats.IMessageExporter:
                WriteFile(folder, "Sanne de Vries.txt", lines.ToString());
                return folder;
            default:
                // Telegram Desktop without date_unixtime: only the exporting computer's wall clock is left (FORMATS.md §4).
                return WriteFile(folder, "result.json",
                    "{\"name\": \"Sanne de Vries\", \"type\": \"personal_chat\", \"id\": 42, \"messages\": [\n" + lines + "\n]}\n");
        }
    }

    private static string WriteFile(string folder, string name, string content)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }
}
