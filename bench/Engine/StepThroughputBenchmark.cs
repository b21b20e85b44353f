using System.Diagnostics;
using System.Globalization;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Expressions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Bench.Engine;

/// <summary>
/// Issue 14 acceptance: steps per second for a 20-step flowchart (Start, 18 × Elsa.WriteLine, End) run by N instances
/// (1,000) on PostgreSQL, with W step loops claiming work in parallel (as the workers do). Target ≥ 1,000 steps/s.
/// </summary>
public static class StepThroughputBenchmark
{
    public static async Task<int> RunAsync(string provider, int instances, int workers, int stepsPerTransaction, int claimBatch)
    {
        var database = await BenchHost.CreateDatabaseAsync(provider, "steps");
        using var host = await BenchHost.StartAsync(database, o =>
        {
            o.StepsPerTransaction = stepsPerTransaction;
            o.ClaimBatchSize = claimBatch;
            o.RunWorkers = false;
            o.RunScheduler = false;
        });
        var definitions = host.Services.GetRequiredService<IWorkflowDefinitionService>();
        var runtime = host.Services.GetRequiredService<IWorkflowRuntime>();
        var model = new WorkflowDefinition { Name = "Twintig stappen", Root = ActivityNode.NewFlowchart("flow1") };
        model.Root.Activities!.Add(new ActivityNode { Id = "start", Type = "Elsa.Start" });
        var previous = "start";
        for (var i = 1; i <= 18; i++)
        {
            var node = new ActivityNode { Id = $"line{i}", Type = "Elsa.WriteLine" };
            node.SetInput("Text", WrappedInput.Literal("String", $"stap {i}"));
            model.Root.Activities.Add(node);
            model.Root.Connections!.Add(new Connection(previous, "Done", node.Id));
            previous = node.Id;
        }
        model.Root.Activities.Add(new ActivityNode { Id = "end", Type = "Elsa.End" });
        model.Root.Connections!.Add(new Connection(previous, "Done", "end"));
        var scope = TenantScope.ForDepartment("BZK");
        var saved = await definitions.SaveAsync(model, publish: true, scope);
        if (!saved.Saved)
        {
            throw new InvalidOperationException(string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        }
        for (var i = 0; i < instances; i++)
        {
            await runtime.StartAsync(new StartWorkflowRequest { DefinitionId = saved.Definition.DefinitionId, Scope = scope });
        }
        using var meter = new DatabaseMeter();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => runtime.RunUntilIdleAsync())));
        clock.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var (commands, waited) = meter.Of("db.client.operation.duration");
        var steps = counts.Sum();
        var finished = (await host.Services.GetRequiredService<IWorkflowInstanceStore>().ListAsync(new WorkflowInstanceQuery
        {
            AllTenants = true, Statuses = [WorkflowStatus.Finished], PageSize = 1,
        })).TotalCount;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[steps] {provider}: {instances} instances × 20 steps, {workers} step loops, at most {stepsPerTransaction} steps per burst, claim batch {claimBatch}: {steps} steps in {clock.Elapsed.TotalSeconds:0.0} s = {steps / clock.Elapsed.TotalSeconds:0} steps/s; finished {finished}/{instances}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[steps] engine process CPU {cpu:0.0} s ({cpu * 1000 / Math.Max(1, steps):0.00} ms per step); {commands} database commands ({(double)commands / Math.Max(1, steps):0.0} per step), waited on them {waited:0.0} s in all step loops ({waited * 1000 / Math.Max(1, steps):0.00} ms per step)"));
        if (commands == 0)
        {
            Console.WriteLine($"[steps] Npgsql metrics seen: {meter.Describe()}");
        }
        return steps == instances * 20 && finished == instances ? 0 : 1;
    }
}

/// <summary>Issue 14 acceptance: the cost of one JavaScript condition after warm-up (target ≤ 0.2 ms). No database.</summary>
public static class JavaScriptBenchmark
{
    public static int Run(int evaluations)
    {
        var evaluator = new JavaScriptEvaluator();
        var variables = new Dictionary<string, string?> { ["Gemarkeerd"] = "7", ["Status"] = "open", ["Afdeling"] = "BZK" };
        var context = new ExpressionContext
        {
            Variables = variables,
            VariableDefinitions =
            [
                new VariableDefinition { Id = "g", Name = "Gemarkeerd", TypeName = "Int32" },
                new VariableDefinition { Id = "s", Name = "Status", TypeName = "String" },
                new VariableDefinition { Id = "a", Name = "Afdeling", TypeName = "String" },
            ],
            Input = new Dictionary<string, string?>(),
        };
        const string condition = "getVariable('Gemarkeerd') > 5 && variables.Status == 'open'";
        // The first evaluation on a thread sets up that thread's sandbox (engine, host functions, frozen built-ins).
        var first = Stopwatch.StartNew();
        evaluator.Evaluate(condition, context);
        first.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[javascript] first evaluation on a thread (its sandbox set up): {first.Elapsed.TotalMilliseconds:0.0} ms"));
        for (var i = 0; i < 2_000; i++)
        {
            evaluator.Evaluate(condition, context);
        }
        var clock = Stopwatch.StartNew();
        string? last = null;
        for (var i = 0; i < evaluations; i++)
        {
            last = evaluator.Evaluate(condition, context);
        }
        clock.Stop();
        var perEvaluation = clock.Elapsed.TotalMilliseconds / evaluations;
        var other = TimeSpan.Zero;
        var thread = new Thread(() =>
        {
            var c = Stopwatch.StartNew();
            evaluator.Evaluate(condition, context);
            other = c.Elapsed;
        });
        thread.Start();
        thread.Join();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[javascript] first evaluation on a second thread, after warm-up (its sandbox set up): {other.TotalMilliseconds:0.0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[javascript] {evaluations} evaluations after 2,000 warm-up: {perEvaluation:0.000} ms each (result {last})"));
        return last == "True" ? 0 : 1;
    }
}
