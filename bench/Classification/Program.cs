using System.Diagnostics;
using System.Globalization;
using ChatArchive.Classification;
using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Evaluation;
using ChatArchive.Classification.Learning;
using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Policies;

// Plain Stopwatch harness: the rule stage (tokenize, lexicon match, BSN 11-check, contact and label
// rules, suggestion with reasons) over the evaluation set's messages, repeated to a large corpus,
// single-threaded and pinned to one core. Prints messages/s per round and the median.
var args2 = args.ToList();
int Arg(string name, int fallback) => args2.IndexOf(name) is var i and >= 0 ? int.Parse(args2[i + 1], CultureInfo.InvariantCulture) : fallback;
var total = Arg("--messages", 1_000_000);
var rounds = Arg("--rounds", 5);
var root = FindRoot();

if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
{
    Process.GetCurrentProcess().ProcessorAffinity = 1; // one core: the target is per core
}

var set = EvaluationSet.Load(Path.Combine(root, "eval", "classification", "set.jsonl"));
using var contactsFile = File.OpenRead(Path.Combine(root, "eval", "classification", "contacts.json"));
var contacts = ContactRegistry.Parse(contactsFile, "contacts.json");

// Each copy of the set gets its own conversation and message ids, so conversation state behaves as in a real read-out.
var corpus = new MessageToClassify[total];
for (var i = 0; i < total; i++)
{
    var m = set[i % set.Count].Message;
    var copy = i / set.Count;
    corpus[i] = new MessageToClassify($"{m.Id}#{copy}", $"{m.Conversation}#{copy}", m.Sender, m.Text, m.ReplyTo is null ? null : $"{m.ReplyTo}#{copy}");
}
var participants = ConversationParticipants.FromMessages(corpus);
var classifier = MessageClassifier.Create();
var avgChars = corpus.Take(set.Count).Average(m => m.Text.Length);

Console.WriteLine($"corpus: {total:N0} messages ({set.Count} distinct, {avgChars:0} chars on average), lexicon entries: {classifier.Lexicons.Entries.Count}, {classifier.Lexicons.Describe()}");
Console.WriteLine($"statistical stage: {(classifier.Model is null ? "none (rules only)" : $"text model, threshold {classifier.ModelThreshold.ToString(CultureInfo.InvariantCulture)}")}");
Console.WriteLine($"runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} logical cores visible, pinned to 1");

// Earlier decisions for the full pipeline: the reviewer's label for every message of a third of the
// conversations of the previous read-out (as the read-out spine would feed them in), by conversation,
// sender and fingerprint; every message carries a fingerprint, so the look-ups are really made.
var decisions = new List<PriorDecision>();
for (var i = 0; i < set.Count; i++)
{
    if (i % 3 != 0) continue;
    var m = set[i].Message;
    decisions.Add(new PriorDecision($"{m.Conversation}#0", m.Sender, set[i].Expected, $"fp-{m.Id}#0"));
}
for (var i = 0; i < total; i++) corpus[i] = corpus[i] with { Fingerprint = $"fp-{corpus[i].Id}" };
var history = new ReviewerHistory(decisions);

long checksum = 0;
Console.WriteLine("== rule stage (ClassificationRun.Classify, streaming, no context, no learning)");
Measure(1, warmup: true, full: false);
var measured = Enumerable.Range(1, rounds).Select(r => Measure(r, warmup: false, full: false)).ToList();
Report(measured, "rule stage", 200_000);
Console.WriteLine($"== full pipeline (ClassificationRun.ClassifyAll: conversation context in both directions + learning from {history.Count:N0} earlier decisions)");
Measure(1, warmup: true, full: true);
var measuredFull = Enumerable.Range(1, rounds).Select(r => Measure(r, warmup: false, full: true)).ToList();
Report(measuredFull, "full pipeline", 50_000);
Console.WriteLine($"checksum {checksum}");
return 0;

void Report(List<(double Wall, double Cpu)> m, string name, int target)
{
    var wall = m.Select(x => x.Wall).Order().ToList()[rounds / 2];
    var cpu = m.Select(x => x.Cpu).Order().ToList()[rounds / 2];
    Console.WriteLine($"median {name}: {wall:N0} messages/s wall clock, {cpu:N0} messages per CPU-second, on one core (target >= {target:N0})");
}

(double Wall, double Cpu) Measure(int round, bool warmup, bool full)
{
    var run = full
        ? classifier.StartRun(contacts, DepartmentPolicy.Default, participants, history)
        : classifier.StartRun(contacts, DepartmentPolicy.Default, participants);
    var gc = GC.CollectionCount(0);
    // CPU time of the process as well as wall time: on a shared machine the wall clock also counts
    // time the core spent on other people's builds.
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    if (full)
    {
        foreach (var s in run.ClassifyAll(corpus)) checksum += (int)s.Label + s.Categories.Count;
    }
    else
    {
        foreach (var m in corpus)
        {
            var s = run.Classify(m);
            checksum += (int)s.Label + s.Categories.Count;
        }
    }
    sw.Stop();
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
    var rate = total / sw.Elapsed.TotalSeconds;
    var cpuRate = total / cpu;
    Console.WriteLine($"{(warmup ? "warm-up" : $"round {round}")}: {sw.Elapsed.TotalMilliseconds:N0} ms wall, {cpu * 1000:N0} ms CPU; {rate:N0} messages/s wall, {cpuRate:N0} per CPU-second; gen0 GCs {GC.CollectionCount(0) - gc}");
    return (rate, cpuRate);
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ChatArchive.Workflows.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
