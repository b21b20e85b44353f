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
    // The main thread emits the items; on two quiet cores the parse takes about as long as this thread's CPU time (the
    // reading thread and the second half of pass 1 finish earlier), so it is printed beside the process's.
    Console.WriteLine($"ours: {messages} messages, {events} system events, {attachments} attachments in {sw.Elapsed.TotalSeconds:0.00} s " +
                      $"(main thread {ThreadCpu.MainSeconds():0.00} CPU-s, process {Environment.CpuUsage.TotalTime.TotalSeconds:0.00} CPU-s; " +
                      $"GC: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2, paused {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms; allocated {GC.GetTotalAllocatedBytes() >> 20} MB)");
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
if (args.Length == 2 && args[0] == "startup")
{
    // Where a short parse's fixed cost goes (diagnostics, not a benchmark target): CPU seconds of this process so far
    // at Main, then after each step of a parse (registry, detection, the first item, the rest).
    var process = System.Diagnostics.Process.GetCurrentProcess();
    var last = TimeSpan.Zero;
    void Step(string name)
    {
        process.Refresh();
        var now = process.TotalProcessorTime;
        Console.WriteLine($"{name}: {(now - last).TotalMilliseconds:0} CPU-ms");
        last = now;
    }
    Step("runtime start, up to Main");
    Step("(measuring itself: Process, Console)");
    using var source = ExportSourceFactory.Open(args[1]);
    Step("open the source");
    if (Environment.GetEnvironmentVariable("STARTUP_EACH_READER") == "1")
    {
        _ = typeof(ReaderRegistry).Assembly.GetTypes();
        Step("  of which Assembly.GetTypes()");
    }
    var detector = FormatDetector.Default();
    Step("reader registry");
    if (Environment.GetEnvironmentVariable("STARTUP_EACH_READER") == "1")
    {
        foreach (var r in ChatArchive.Ingestion.Detection.ReaderRegistry.CreateAll())
        {
            try { r.Detect(source); } catch (ExportFormatException) { }
            Step($"  detect {r.Format}");
        }
    }
    var reader = detector.Detect(source);
    Step("detection");
    using var items = reader.Read(source).GetEnumerator();
    items.MoveNext();
    Step("first item (pass 1, the scan)");
    items.MoveNext();
    items.MoveNext();
    Step("two items more (pass 2 starts, notice catalogue)");
    var n = 3;
    while (items.MoveNext())
    {
        n++;
        process.Refresh();
        if ((process.TotalProcessorTime - last).TotalMilliseconds >= 2) Step($"item {n} ({items.Current.GetType().Name})");
    }
    Step("the rest");
    return 0;
}
if (args.Length == 2 && args[0] == "digest")
{
    // SHA-256 over every field of every item the reader yields: two builds that print the same digest for the
    // same export behave the same (used to check that a speed-up changed nothing).
    using var source = ExportSourceFactory.Open(args[1]);
    var reader = FormatDetector.Default().Detect(source);
    using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
    long items = 0;
    foreach (var item in reader.Read(source))
    {
        var text = item switch
        {
            MessageRead m => string.Join("\u0001", "M", m.ConversationKey, m.Line, m.Message.Sender, m.Message.Sent.ToString("o", CultureInfo.InvariantCulture),
                m.Message.Text, m.Message.Edited, m.Message.Deleted,
                string.Join("\u0002", m.Message.Attachments.Select(a => $"{a.FileName}|{a.MediaType}|{a.Size}|{a.Sha256}|{a.Present}"))),
            SystemEventRead e => string.Join("\u0001", "E", e.ConversationKey, e.Line, e.Event.Kind, e.Event.At.ToString("o", CultureInfo.InvariantCulture), e.Event.Actor, e.Event.Text),
            ConversationStarted c => string.Join("\u0001", "S", c.ConversationKey, c.Title, c.IsGroup, string.Join("\u0002", c.Participants)),
            ConversationCompleted c => string.Join("\u0001", "C", c.ConversationKey, string.Join("\u0002", c.Participants)),
            _ => item.ToString(),
        };
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(text + "\n"));
        items++;
    }
    Console.WriteLine($"{items} items, SHA-256 {Convert.ToHexStringLower(sha.GetHashAndReset())}");
    return 0;
}
Console.Error.WriteLine("usage: generate <path> <messages> [seed] | parse <path> | digest <path> | profile <path> | startup <path>");
return 2;

/// <summary>CPU time of the calling thread (Linux getrusage RUSAGE_THREAD); -1 elsewhere.</summary>
internal static class ThreadCpu
{
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicros, SystemSeconds, SystemMicros;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVCsw, NIvCsw;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRUsage(int who, out RUsage usage);

    public static double MainSeconds()
    {
        if (!OperatingSystem.IsLinux() || GetRUsage(1 /* RUSAGE_THREAD */, out var u) != 0) return -1;
        return u.UserSeconds + u.SystemSeconds + (u.UserMicros + u.SystemMicros) / 1e6;
    }
}
