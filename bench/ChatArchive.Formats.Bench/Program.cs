using System.Diagnostics;
using System.Globalization;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Formats;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Formats.Bench;

// Usage: generate <format> <folder> <messages>   |   parse <format> <folder>
// Parse runs in its own process so that its peak working set is the reader's, not the generator's.
if (args.Length >= 4 && args[0] == "generate")
{
    Generators.Write(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
    return 0;
}
if (args.Length >= 3 && args[0] == "parse")
{
    var format = args[1] switch
    {
        "telegram" => ExportFormats.TelegramDesktop,
        "sms" => ExportFormats.SmsBackupRestore,
        "signal" => ExportFormats.SignalExport,
        "imessage" => ExportFormats.IMessageExporter,
        "teams" => ExportFormats.TeamsGraph,
        _ => throw new ArgumentException("unknown format " + args[1]),
    };
    var reader = OtherReaders.All.Single(r => r.Format == format);
    var bytes = Directory.EnumerateFiles(args[2], "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    using var source = new DirectoryExportSource(args[2]);
    var stopwatch = Stopwatch.StartNew();
    long messages = 0, events = 0, attachments = 0;
    foreach (var item in reader.Read(source))
    {
        if (item is MessageRead m)
        {
            messages++;
            attachments += m.Message.Attachments.Count;
        }
        else if (item is SystemEventRead)
        {
            events++;
        }
    }
    stopwatch.Stop();
    var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {args[1]} | {messages:N0} | {bytes / (1024.0 * 1024.0):F1} MB | {stopwatch.Elapsed.TotalSeconds:F2} s | {messages / stopwatch.Elapsed.TotalSeconds:N0}/s | {peakMb:F0} MB | {attachments:N0} |"));
    return 0;
}
Console.Error.WriteLine("usage: generate <format> <folder> <messages> | parse <format> <folder>");
return 2;
