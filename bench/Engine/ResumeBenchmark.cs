using System.Diagnostics;
using System.Globalization;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Workflows;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatArchive.Bench.Engine;

/// <summary>
/// Issue 6 acceptance: resuming one instance by its bookmark stays flat as the store grows — median ≤ 2 ms at
/// 1,000 and 100,000 waiting instances, with 1 and with 100 versions of the definition (elsa-core #6967).
/// Two numbers per sample: "resume" = IWorkflowRuntime.ResumeAsync (bookmark lookup + durable resume work item),
/// and "step" = the worker step that then runs the waiting activity and commits (claim, load, execute, commit).
/// The waiting instances are seeded directly as rows (what thousands of earlier steps would have written).
/// </summary>
public static class ResumeBenchmark
{
    public static async Task<int> RunAsync(string provider, int small, int large, int samples)
    {
        var ok = true;
        foreach (var versions in new[] { 1, 100 })
        {
            var database = await BenchHost.CreateDatabaseAsync(provider, $"resume{versions}");
            using var host = await BenchHost.StartAsync(database, o => { o.RunWorkers = false; o.RunScheduler = false; });
            var versionIds = await CreateVersionsAsync(host, versions);
            var seeded = 0;
            foreach (var size in new[] { small, large })
            {
                var seed = Stopwatch.StartNew();
                await SeedAsync(host, versionIds, seeded, size - seeded);
                Console.WriteLine($"[resume] provider={database.Provider} versions={versions}: seeded {size - seeded} waiting instances in {seed.Elapsed.TotalSeconds:0.0} s");
                seeded = size;
                var (resume, step) = await MeasureAsync(host, size, samples);
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"[resume] instances={size} versions={versions}: resume median {Median(resume):0.00} ms (p95 {TimerBurstBenchmark.Pct(resume, 0.95):0.00}), " +
                    $"step median {Median(step):0.00} ms (p95 {TimerBurstBenchmark.Pct(step, 0.95):0.00}), samples={resume.Count}");
                Console.WriteLine(line);
                ok &= Median(resume) <= 2.0;
            }
            await host.StopAsync();
        }
        Console.WriteLine(ok ? "[resume] PASS (resume median ≤ 2 ms everywhere)" : "[resume] FAIL (a resume median above 2 ms)");
        return ok ? 0 : 1;
    }

    private static async Task<IReadOnlyList<string>> CreateVersionsAsync(IHost host, int versions)
    {
        var definitions = host.Services.GetRequiredService<IWorkflowDefinitionService>();
        var scope = TenantScope.ForDepartment("BZK");
        var model = new WorkflowDefinition { DefinitionId = "resume-bench", Name = "Valideren gemarkeerde berichten", Root = ActivityNode.NewFlowchart("flow1") };
        model.Root.Activities!.AddRange([
            new ActivityNode { Id = "start", Type = "Elsa.Start" },
            new ActivityNode { Id = "task", Type = "ChatArchive.HumanTask" },
            new ActivityNode { Id = "end", Type = "Elsa.End" },
        ]);
        model.Root.Activities[1].SetInput("Title", WrappedInput.Literal("String", "Valideren"));
        model.Root.Connections!.AddRange([new Connection("start", "Done", "task"), new Connection("task", "Gereed", "end")]);
        var ids = new List<string>();
        for (var v = 1; v <= versions; v++)
        {
            model.Description = $"versie {v}";
            var saved = await definitions.SaveAsync(model, publish: true, scope);
            ids.Add(saved.Definition.Id);
            model = saved.Definition.Clone();
        }
        return ids;
    }

    private static async Task SeedAsync(IHost host, IReadOnlyList<string> versionIds, int offset, int count)
    {
        var factory = host.Services.GetRequiredService<IDbContextFactory<ChatArchiveDbContext>>();
        var now = DateTime.UtcNow;
        var state = WorkflowJson.Serialize(new WorkflowState { JournalSequence = 6 });
        const int batch = 2000;
        for (var start = 0; start < count; start += batch)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var n = offset + i;
                var id = $"seed{n:D7}";
                var versionIndex = n % versionIds.Count;
                db.Add(new WorkflowInstanceRow
                {
                    Id = id, DefinitionId = "resume-bench", DefinitionVersionId = versionIds[versionIndex], Version = versionIndex + 1, TenantId = "BZK",
                    Status = "Running", SubStatus = "Suspended", CorrelationId = $"bewindspersoon-{n % 40}", Name = "Valideren gemarkeerde berichten",
                    CreatedAt = now, UpdatedAt = now, State = state,
                });
            }
            // Instances first: the other rows reference them (EF does not know these foreign keys).
            await db.SaveChangesAsync();
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var n = offset + i;
                var id = $"seed{n:D7}";
                db.Add(new BookmarkRow
                {
                    Id = $"bm{n:D7}", InstanceId = id, ActivityId = "task", ActivityNodeId = "Workflow1:flow1:task", ActivityInstanceId = $"ai{n:D7}",
                    ActivityType = "ChatArchive.HumanTask", Kind = "HumanTask", CreatedAt = now,
                });
                db.Add(new HumanTaskRow
                {
                    Id = $"bm{n:D7}", InstanceId = id, DefinitionId = "resume-bench", ActivityId = "task", ActivityNodeId = "Workflow1:flow1:task", Department = "BZK",
                    Title = "Valideren", AssigneeRole = "officeholder", Outcomes = "[\"Gereed\"]", Status = "Open", CreatedAt = now,
                });
                db.Add(new ActivityExecutionRow
                {
                    Id = $"ai{n:D7}", InstanceId = id, ActivityId = "task", ActivityNodeId = "Workflow1:flow1:task", ActivityType = "ChatArchive.HumanTask",
                    ActivityTypeVersion = 1, Status = "Running", HasBookmarks = true, StartedAt = now, Inputs = "{}", Outputs = "{}",
                });
            }
            await db.SaveChangesAsync();
        }
    }

    private static async Task<(List<double> Resume, List<double> Step)> MeasureAsync(IHost host, int size, int samples)
    {
        var runtime = host.Services.GetRequiredService<IWorkflowRuntime>();
        var executor = host.Services.GetRequiredService<WorkflowStepExecutor>();
        var random = new Random(6967);
        var picked = Enumerable.Range(0, size).OrderBy(_ => random.Next()).Take(samples + 20).ToList();
        var resume = new List<double>();
        var step = new List<double>();
        for (var k = 0; k < picked.Count; k++)
        {
            var bookmarkId = $"bm{picked[k]:D7}";
            var t0 = Stopwatch.GetTimestamp();
            if (!await runtime.ResumeAsync(bookmarkId, outcome: "Gereed", resumedBy: "bench"))
            {
                continue; // resumed in an earlier round
            }
            var t1 = Stopwatch.GetTimestamp();
            await executor.RunOneAsync(CancellationToken.None);
            var t2 = Stopwatch.GetTimestamp();
            // The End step the resume scheduled, outside the timing.
            while (await executor.RunOneAsync(CancellationToken.None))
            {
            }
            if (k >= 20)
            {
                resume.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                step.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
            }
        }
        resume.Sort();
        step.Sort();
        return (resume, step);
    }

    private static double Median(List<double> sorted) => sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
}
