using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChatArchive.Workflows.Engine.Tests.Definitions;

/// <summary>
/// The Elsa corpus as one test: every workflow definition of elsa-core (Fixtures/Elsa/corpus.json lists all of them with Elsa's expected
/// result and where that expectation comes from). Each is imported unchanged as a process owner would, folder by folder (Elsa's own
/// tests load a folder at a time), and then: refused naming the missing type, or imported, or imported and run, with the WriteLine
/// lines in order (the used workflows' lines apart: they run as child instances here), the status, the workflow output and the number of
/// executions of each activity compared with Elsa's.
/// The definitions come from the committed fixtures; the ones the repository does not hold are read from a checkout of elsa-core when
/// <c>CHATARCHIVE_ELSA_CORE</c> names one (same commit as corpus.json), else counted as "not present".
/// </summary>
public sealed class ElsaCorpusTests(ITestOutputHelper output)
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public sealed record Corpus(string Repository, string Commit, List<Entry> Definitions);

    /// <summary>One elsa-core definition and Elsa's result for it.</summary>
    public sealed record Entry
    {
        public required string Path { get; init; }
        /// <summary>The committed copy under Fixtures/Elsa, or null when the repository does not hold it.</summary>
        public string? Fixture { get; init; }
        /// <summary>refuse, import (imported, not run alone: a used workflow, a trigger, an HTTP endpoint) or run.</summary>
        public required string Expect { get; init; }
        /// <summary>For refuse: the text the Dutch refusal must contain (the missing type's name, or the reason).</summary>
        public string? Refusal { get; init; }
        public List<string>? Lines { get; init; }
        /// <summary>Lines the used workflows write (child instances here; inline in Elsa), in the order they ran.</summary>
        public List<string>? ChildLines { get; init; }
        /// <summary>True when Elsa's test does not fix the order of parallel branches: the lines are compared as a multiset.</summary>
        public bool LinesInAnyOrder { get; init; }
        public string? Status { get; init; }
        /// <summary>Compared instead of <see cref="Status"/> where the two engines name the end state differently (a fault).</summary>
        public string? SubStatus { get; init; }
        public Dictionary<string, string?>? Output { get; init; }
        public Dictionary<string, string?>? Input { get; init; }
        /// <summary>Executions per activity id; activities not named ran at most once.</summary>
        public Dictionary<string, int>? Executions { get; init; }
        public FlowchartExecutionMode? Mode { get; init; }
        public required string Source { get; init; }
        /// <summary>Other corpus files this one runs (a child it starts); without them here it counts as not present.</summary>
        public List<string>? Needs { get; init; }
        /// <summary>A difference found and not resolved (why, in Dutch or English): reported, not failed.</summary>
        public string? KnownDifference { get; init; }
        /// <summary>The elsa-core commit the fixture was copied at, when not the corpus commit.</summary>
        public string? Commit { get; init; }
        /// <summary>
        /// Elsa's test runs it with RunWorkflowUntilEndAsync, which resumes every bookmark the instance has (an Event's too) until it
        /// finishes or has none left: so does this test.
        /// </summary>
        public bool ResumeBookmarks { get; init; }
    }

    private sealed record Actual(string Path, string Outcome, string Detail);

    private static string FixtureDir => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "Elsa");

    private static Corpus Load() => JsonSerializer.Deserialize<Corpus>(File.ReadAllText(System.IO.Path.Combine(FixtureDir, "corpus.json")), Json)!;

    /// <summary>The definition's text: the committed fixture, else the elsa-core checkout named by CHATARCHIVE_ELSA_CORE, else null.</summary>
    private static string? Text(Entry e)
    {
        if (e.Fixture is not null)
        {
            return File.ReadAllText(System.IO.Path.Combine(FixtureDir, e.Fixture));
        }
        var checkout = Environment.GetEnvironmentVariable("CHATARCHIVE_ELSA_CORE");
        var file = string.IsNullOrEmpty(checkout) ? null : System.IO.Path.Combine(checkout, e.Path);
        return file is not null && File.Exists(file) ? File.ReadAllText(file) : null;
    }

    /// <summary>Elsa's tests load one scenario folder at a time; so does this test (one database each).</summary>
    private static string Group(Entry e) => System.IO.Path.GetDirectoryName(e.Path)!.Replace("/Workflows", "", StringComparison.Ordinal);

    [Fact]
    public void The_corpus_lists_every_fixture_once_and_each_expectation_says_where_it_comes_from()
    {
        var corpus = Load();
        Assert.Equal(corpus.Definitions.Count, corpus.Definitions.Select(d => d.Path).Distinct().Count());
        Assert.All(corpus.Definitions, d =>
        {
            Assert.Contains(d.Expect, new[] { "refuse", "import", "run" });
            Assert.False(string.IsNullOrWhiteSpace(d.Source), d.Path);
            Assert.True(d.Expect != "refuse" || !string.IsNullOrEmpty(d.Refusal), d.Path);
            Assert.True(d.Expect != "run" || d.Status is not null || d.SubStatus is not null, d.Path);
            Assert.True(d.Fixture is null || File.Exists(System.IO.Path.Combine(FixtureDir, d.Fixture)), d.Fixture);
        });
        // Every committed elsa-core fixture is in the corpus (one exception per file would be a test nobody runs).
        var listed = corpus.Definitions.Select(d => d.Fixture).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var committed = Directory.EnumerateFiles(FixtureDir, "*.json", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(FixtureDir, f).Replace('\\', '/'))
            .Where(f => f != "corpus.json");
        Assert.DoesNotContain(committed, f => !listed.Contains(f));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Every_Elsa_core_definition_imports_and_runs_as_in_Elsa_or_is_refused_naming_the_missing_type(DatabaseProvider provider)
    {
        var corpus = Load();
        var actual = new List<Actual>();
        var absent = new List<string>();
        foreach (var group in corpus.Definitions.GroupBy(Group))
        {
            var present = group.Select(e => (Entry: e, Text: Text(e))).ToList();
            var here = present.Where(p => p.Text is not null).Select(p => p.Entry.Path).ToHashSet(StringComparer.Ordinal);
            present = present.Select(p => p.Entry.Needs?.All(here.Contains) == false ? (p.Entry, null) : p).ToList();
            absent.AddRange(present.Where(p => p.Text is null).Select(p => p.Entry.Path));
            var entries = present.Where(p => p.Text is not null).ToList();
            if (entries.Count == 0)
            {
                continue;
            }
            var clock = new TestClock(DateTimeOffset.UtcNow);
            var database = await Db.CreateAsync(provider, "elsa-corpus");
            await using (var host = await EngineHost.StartAsync(database, services: s => s.AddSingleton<TimeProvider>(clock)))
            {
                actual.AddRange(await RunGroupAsync(host, clock, entries!));
            }
            if (provider == DatabaseProvider.PostgreSql)
            {
                // One database per folder: close this one's idle connections now instead of keeping ~30 pools open on a loaded server.
                await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
                Npgsql.NpgsqlConnection.ClearPool(connection);
            }
        }

        var byPath = actual.ToDictionary(a => a.Path, StringComparer.Ordinal);
        var failures = new List<string>();
        var known = new List<string>();
        foreach (var e in corpus.Definitions.Where(e => byPath.ContainsKey(e.Path)))
        {
            var a = byPath[e.Path];
            if (a.Outcome != e.Expect)
            {
                failures.Add($"{e.Path}: expected {e.Expect}, got {a.Outcome} ({a.Detail})");
            }
            else if (a.Detail.Length > 0 && e.KnownDifference is not null)
            {
                known.Add($"{e.Path}: {a.Detail} ({e.KnownDifference})");
            }
            else if (a.Detail.Length > 0)
            {
                failures.Add($"{e.Path}: {a.Detail}");
            }
        }
        var imported = actual.Count(a => a.Outcome is "import" or "run");
        var ranEqual = actual.Count(a => a.Outcome == "run" && a.Detail.Length == 0);
        var refused = actual.Count(a => a.Outcome == "refuse");
        var summary = new StringBuilder()
            .AppendLine($"Elsa corpus ({corpus.Repository} {corpus.Commit[..9]}), {provider}: {corpus.Definitions.Count} definitions, {actual.Count} present here, {absent.Count} not present")
            .AppendLine($"  imported unchanged: {imported}; run with Elsa's result: {ranEqual} of {actual.Count(a => a.Outcome == "run")} run; refused naming the missing type: {refused}")
            .AppendLine($"  expected: import {corpus.Definitions.Count(d => d.Expect != "refuse")}, run {corpus.Definitions.Count(d => d.Expect == "run")}, refuse {corpus.Definitions.Count(d => d.Expect == "refuse")}");
        foreach (var k in known)
        {
            summary.AppendLine("  known difference: " + k);
        }
        foreach (var f in failures)
        {
            summary.AppendLine("  DIFFERS " + f);
        }
        output.WriteLine(summary.ToString());
        Assert.True(failures.Count == 0, summary.ToString());
        Assert.Contains(actual, a => a.Outcome == "run");
    }

    /// <summary>Imports a folder in repeated passes (a used workflow before the workflow that uses it), then runs the "run" entries.</summary>
    private static async Task<List<Actual>> RunGroupAsync(EngineHost host, TestClock clock, List<(Entry Entry, string? Text)> entries)
    {
        var result = new List<Actual>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var refusals = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = entries.ToList();
        while (pending.Count > 0)
        {
            var progress = false;
            foreach (var (entry, text) in pending.ToList())
            {
                var saved = await host.Definitions.SaveAsync(WorkflowJson.Deserialize<WorkflowDefinition>(text!), publish: true, Bzk);
                if (saved.Saved)
                {
                    ids[entry.Path] = saved.Definition.DefinitionId;
                    pending.Remove((entry, text));
                    progress = true;
                }
                else
                {
                    refusals[entry.Path] = string.Join(" | ", saved.ValidationErrors.Select(e => e.Message));
                }
            }
            if (!progress)
            {
                break;
            }
        }
        foreach (var (entry, _) in entries)
        {
            if (!ids.TryGetValue(entry.Path, out var definitionId))
            {
                var why = refusals[entry.Path];
                result.Add(new Actual(entry.Path, "refuse",
                    entry.Expect == "refuse" && !why.Contains(entry.Refusal!, StringComparison.Ordinal) ? $"refusal does not name '{entry.Refusal}': {why}" :
                    entry.Expect != "refuse" ? why : ""));
                continue;
            }
            if (entry.Expect != "run")
            {
                result.Add(new Actual(entry.Path, "import", ""));
                continue;
            }
            result.Add(new Actual(entry.Path, "run", await RunAsync(host, clock, entry, definitionId)));
        }
        return result;
    }

    /// <summary>Runs one definition until nothing is left to do; returns what differs from Elsa's result (empty when nothing).</summary>
    private static async Task<string> RunAsync(EngineHost host, TestClock clock, Entry e, string definitionId)
    {
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = definitionId, Scope = Bzk, Input = e.Input, FlowchartExecutionMode = e.Mode,
        });
        if (!started.Started)
        {
            return "could not start: " + started.CannotStartReason;
        }
        await host.Runtime.RunUntilIdleAsync();
        var id = started.InstanceId!;
        // Elsa's tests run a workflow until it ends, so a Delay's time passes: here the clock moves past each due timer.
        for (var round = 0; round < 10 && (await host.Instances.GetBookmarksAsync(id)).Where(b => b.DueAt is not null).Select(b => b.DueAt!.Value).DefaultIfEmpty().Max() is var due && due != default; round++)
        {
            clock.Advance(due - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
            await host.Services.GetRequiredService<IWorkflowExecutionStore>().EnqueueDueTimersAsync(clock.GetUtcNow(), clock.GetUtcNow());
            await host.Runtime.RunUntilIdleAsync();
        }
        for (var round = 0; e.ResumeBookmarks && round < 10; round++)
        {
            var waiting = (await host.Instances.GetBookmarksAsync(id)).Where(b => b.DueAt is null).ToList();
            if (waiting.Count == 0)
            {
                break;
            }
            foreach (var bookmark in waiting)
            {
                await host.Runtime.ResumeAsync(bookmark.Id);
            }
            await host.Runtime.RunUntilIdleAsync();
        }
        var instance = await host.InstanceAsync(id);
        var differences = new List<string>();
        var lines = (await host.WrittenLinesAsync(id)).Select(l => l ?? "").ToList();
        if (e.LinesInAnyOrder ? !lines.Order(StringComparer.Ordinal).SequenceEqual((e.Lines ?? []).Order(StringComparer.Ordinal)) : !lines.SequenceEqual(e.Lines ?? []))
        {
            differences.Add($"lines [{string.Join(", ", lines)}], Elsa [{string.Join(", ", e.Lines ?? [])}]");
        }
        var childLines = new List<string>();
        foreach (var child in await DescendantsAsync(host, id))
        {
            childLines.AddRange((await host.WrittenLinesAsync(child)).Select(l => l ?? ""));
        }
        if (!childLines.SequenceEqual(e.ChildLines ?? []))
        {
            differences.Add($"used workflows' lines [{string.Join(", ", childLines)}], Elsa [{string.Join(", ", e.ChildLines ?? [])}]");
        }
        if (e.Status is not null && instance.Status.ToString() != e.Status || e.SubStatus is not null && instance.SubStatus.ToString() != e.SubStatus)
        {
            var incidents = string.Join("; ", instance.State.Incidents.Select(i => i.Message));
            differences.Add($"status {instance.Status}/{instance.SubStatus}, Elsa {e.Status ?? e.SubStatus}{(incidents.Length > 0 ? " (incidents: " + incidents + ")" : "")}");
        }
        foreach (var (name, value) in e.Output ?? [])
        {
            var got = instance.State.Output.GetValueOrDefault(name);
            if (got != value)
            {
                differences.Add($"output {name} = {got ?? "null"}, Elsa {value ?? "null"}");
            }
        }
        var executions = (await host.Instances.GetActivityExecutionsAsync(id)).GroupBy(x => x.ActivityId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (activity, count) in executions)
        {
            var expected = e.Executions is { } listed && listed.TryGetValue(activity, out var n) ? n : 1;
            if (count > expected)
            {
                differences.Add($"activity {activity} ran {count} times, Elsa {expected}");
            }
        }
        foreach (var (activity, count) in e.Executions ?? [])
        {
            if (executions.GetValueOrDefault(activity) != count)
            {
                differences.Add($"activity {activity} ran {executions.GetValueOrDefault(activity)} times, Elsa {count}");
            }
        }
        return string.Join("; ", differences);
    }

    /// <summary>The child instances the run started (used workflows, ExecuteWorkflow), depth first in the order they were created.</summary>
    private static async Task<List<string>> DescendantsAsync(EngineHost host, string root)
    {
        var all = await host.Instances.ListAsync(new WorkflowInstanceQuery { AllTenants = true, PageSize = 1000, Descending = false });
        var loaded = new List<WorkflowInstance>();
        foreach (var summary in all.Items)
        {
            loaded.Add(await host.InstanceAsync(summary.Id));
        }
        var result = new List<string>();
        void Walk(string parent)
        {
            foreach (var child in loaded.Where(i => i.State.ParentInstanceId == parent).OrderBy(i => i.CreatedAt).ThenBy(i => i.State.JournalSequence))
            {
                result.Add(child.Id);
                Walk(child.Id);
            }
        }
        Walk(root);
        return result;
    }
}
