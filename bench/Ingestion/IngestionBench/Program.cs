using System.Diagnostics;
using System.Globalization;
using ChatArchive.Bench.Ingestion;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Sources;

// bench tool: generate <path> <messages> [seed]  |  parse <path>
if (args.Length >= 3 && args[0] == "generate")
{
    var seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 20240201;
    ExportGenerator.Write(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), seed);
    Console.WriteLine($"{new FileInfo(args[1]).Length} bytes");
    return 0;
}
if (args.Length == 2 && args[0] == "parse")
{
    // Parse only: detection plus the reader's full stream of canonical items, nothing stored.
    var sw = Stopwatch.StartNew();
    using var source = ExportSourceFactory.Open(args[1]);
    var reader = FormatDetector.Default().Detect(source);
    long messages = 0, events = 0, attachments = 0;
    foreach (var item in reader.Read(source))
    {
        switch (item)
        {
            case MessageRead m:
                messages++;
                attachments += m.Message.Attachments.Count;
                break;
            case SystemEventRead:
                events++;
                break;
        }
    }
    Console.WriteLine($"ours: {messages} messages, {events} system events, {attachments} attachments in {sw.Elapsed.TotalSeconds:0.00} s");
    return 0;
}
if (args.Length == 2 && args[0] == "profile")
{
    // Where the CPU time of a read goes, step by step (diagnostics, not a benchmark target).
    var process = System.Diagnostics.Process.GetCurrentProcess();
    var last = process.TotalProcessorTime;
    void Step(string name)
    {
        process.Refresh();
        var now = process.TotalProcessorTime;
        Console.WriteLine($"{name}: {(now - last).TotalSeconds:0.00} CPU-s");
        last = now;
    }
    using var source = ExportSourceFactory.Open(args[1]);
    ChatArchive.Ingestion.Pipeline.SourceHash.Compute(source);
    Step("source SHA-256");
    long lines = 0;
    using (var r = new ChatArchive.Ingestion.Text.BoundedLineReader(source.Open(source.Entries[0]), source.Entries[0]))
    {
        while (r.ReadLine() is not null) lines++;
    }
    Step($"read and decode {lines} lines once");
    using (var r = new ChatArchive.Ingestion.Text.BoundedLineReader(source.Open(source.Entries[0]), source.Entries[0]))
    {
        while (r.ReadLine() is { } line) if (ChatArchive.Ingestion.WhatsApp.WhatsAppHeaderParser.TryParse(line, out _)) lines--;
    }
    Step("read lines + header parse");
    var reader = FormatDetector.Default().Detect(source);
    long n = 0;
    foreach (var item in reader.Read(source)) if (item is MessageRead) n++;
    Step($"full parse, both passes ({n} messages)");
    ulong x = 0;
    foreach (var item in reader.Read(source)) if (item is MessageRead m) x ^= ChatArchive.Ingestion.Pipeline.Fingerprint.Of(m.Message).Lo;
    Step($"full parse + SHA-256 fingerprint per message ({x % 10})");
    foreach (var item in reader.Read(source)) if (item is MessageRead m) x ^= (ulong)ChatArchive.Ingestion.Pipeline.DayDigestHash.Parts(m.Message.Sender, m.Message.Sent, m.Message.Text, m.Message.Deleted).A;
    Step($"full parse + day-digest hash per message ({x % 10})");
    return 0;
}
Console.Error.WriteLine("usage: generate <path> <messages> [seed] | parse <path>");
return 2;
