using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Engine.Tests.Definitions;

/// <summary>
/// Two callers at once: two first saves of one new definition id, two starts of one idempotent instance id. The database decides who
/// wins; the loser gets a clear answer (a Dutch Conflict, or "already started") and never a database error, and nothing is half-written.
/// </summary>
public sealed class ConcurrentSaveTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    private static WorkflowDefinition Definition(string definitionId, string line)
    {
        var model = new Flow("Gelijktijdig opgeslagen").Build();
        model.DefinitionId = definitionId;
        var write = new ActivityNode { Id = "write", Name = "Schrijf", Type = "Elsa.WriteLine" };
        write.SetInput("Text", new WrappedInput { TypeName = "String", Expression = new InputExpression { Type = "Literal", Value = line } });
        model.Root.Activities!.Add(write);
        return model;
    }

    /// <summary>Runs both calls at the same moment (both wait on one gate, which is then opened) and returns what each gave.</summary>
    private static async Task<(T? Result, Exception? Error)[]> ReleasedTogetherAsync<T>(Func<Task<T>> first, Func<Task<T>> second)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<(T?, Exception?)> Run(Func<Task<T>> call)
        {
            await gate.Task;
            try
            {
                return (await call(), null);
            }
            catch (Exception e)
            {
                return (default, e);
            }
        }
        var both = new[] { Task.Run(() => Run(first)), Task.Run(() => Run(second)) };
        gate.SetResult();
        return await Task.WhenAll(both);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Two_first_saves_of_one_new_definition_released_together_leave_one_version_and_the_loser_a_Dutch_conflict(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "concurrent-first-save"));
        var conflicts = 0;
        for (var round = 0; round < 4; round++)
        {
            var id = $"gelijktijdig-{round}";
            var results = await ReleasedTogetherAsync(
                () => host.Definitions.SaveAsync(Definition(id, "A"), publish: true, Bzk),
                () => host.Definitions.SaveAsync(Definition(id, "B"), publish: true, Bzk));

            // Each call either saved, or lost with a Conflict that says so in Dutch; never a database error.
            foreach (var (result, error) in results)
            {
                if (error is null)
                {
                    Assert.True(result!.Saved, string.Join("; ", result.ValidationErrors.Select(e => e.Message)));
                    continue;
                }
                var conflict = Assert.IsType<WorkflowEngineException>(error);
                Assert.Equal(WorkflowErrorKind.Conflict, conflict.Kind);
                Assert.Contains("zojuist ook door een ander opgeslagen", conflict.Message, StringComparison.Ordinal);
                conflicts++;
            }
            Assert.Contains(results, r => r.Error is null);
            // One definition: version 1 exists once, published; when both won (the second after the first), the second made version 2.
            var versions = await host.Services.GetRequiredService<IWorkflowDefinitionStore>().FindVersionsAsync(id);
            Assert.Single(versions, v => v.Version == 1);
            Assert.Single(versions, v => v.IsLatest);
            Assert.Single(versions, v => v.IsPublished);
            Assert.Equal(results.Count(r => r.Error is null && r.Result!.CreatedNewVersion), versions.Count);
        }
        // How often the two met inside the database depends on timing; the deterministic case is the next test.
        Assert.InRange(conflicts, 0, 4);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_save_creating_a_version_that_another_save_created_first_is_a_conflict_and_writes_nothing(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "concurrent-created"));
        var store = host.Services.GetRequiredService<IWorkflowDefinitionStore>();
        var saved = await host.Definitions.SaveAsync(Definition("eerst-gewonnen", "A"), publish: true, Bzk);
        Assert.True(saved.Saved);

        // The loser read "no versions" before the winner committed: it creates version 1 too (same version id: the row exists).
        var loser = saved.Definition.Clone();
        loser.Description = "de tweede";
        var sameId = await Assert.ThrowsAsync<WorkflowEngineException>(() => store.SaveAsync([loser], loser.Id));
        Assert.Equal(WorkflowErrorKind.Conflict, sameId.Kind);

        // A second latest version under another id: the database's unique index refuses it, quietly, and the whole save is undone.
        var other = saved.Definition.Clone();
        other.Id = "eerst-gewonnen:anders";
        other.Description = "de derde";
        var previous = saved.Definition.Clone();
        previous.IsPublished = false;
        var index = await Assert.ThrowsAsync<WorkflowEngineException>(() => store.SaveAsync([previous, other], other.Id));
        Assert.Equal(WorkflowErrorKind.Conflict, index.Kind);
        Assert.Contains("Open de workflow opnieuw", index.Message, StringComparison.Ordinal);

        var versions = await store.FindVersionsAsync("eerst-gewonnen");
        var only = Assert.Single(versions);
        Assert.Equal((saved.Definition.Id, true, true, saved.Definition.Description), (only.Id, only.IsLatest, only.IsPublished, only.Description));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Two_starts_of_one_instance_id_released_together_start_it_once_and_the_other_hears_already_started(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "concurrent-start"));
        var saved = await host.Definitions.SaveAsync(Definition("dubbel-gestart", "Eén keer"), publish: true, Bzk);
        Assert.True(saved.Saved);
        for (var round = 0; round < 4; round++)
        {
            var request = new StartWorkflowRequest { DefinitionId = "dubbel-gestart", Scope = Bzk, InstanceId = $"start-{round}" };
            var results = await ReleasedTogetherAsync(() => host.Runtime.StartAsync(request), () => host.Runtime.StartAsync(request));

            Assert.All(results, r => Assert.Null(r.Error));
            Assert.All(results, r => Assert.Equal(request.InstanceId, r.Result!.InstanceId));
            Assert.Single(results, r => !r.Result!.AlreadyStarted);
        }
        await host.Runtime.RunUntilIdleAsync();
        for (var round = 0; round < 4; round++)
        {
            // One instance, one start in its journal, the line written once.
            Assert.Equal(["Eén keer"], await host.WrittenLinesAsync($"start-{round}"));
            Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync($"start-{round}")).Status);
        }

        // The store itself: a second insert of an existing instance id writes nothing and says so.
        var existing = await host.InstanceAsync("start-0");
        var created = await host.Services.GetRequiredService<IWorkflowExecutionStore>().CreateInstanceAsync(existing,
            new WorkItem { InstanceId = existing.Id, Kind = WorkItemKind.Execute, ActivityId = "write", DedupKey = "tweede-start", CreatedAt = DateTimeOffset.UtcNow },
            new JournalEntry { Id = WorkflowStepExecutor.NewId(), InstanceId = existing.Id, Timestamp = DateTimeOffset.UtcNow, Sequence = 1, EventName = JournalEvents.Started });
        Assert.False(created);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync("start-0")).Status);
        Assert.Equal(0, await host.Services.GetRequiredService<IWorkflowExecutionStore>().PendingWorkCountAsync());
    }
}
