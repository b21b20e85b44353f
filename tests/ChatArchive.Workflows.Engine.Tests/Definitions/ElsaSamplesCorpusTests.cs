using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Definitions;

/// <summary>
/// Every workflow definition of the Elsa project's samples (Fixtures/ElsaSamples/SOURCES.md), saved unchanged as a process owner would
/// import it: each either imports, or is refused naming the activity type this server does not have; the ones that need no HTTP
/// request or remote service run with the lines Elsa writes.
/// </summary>
public sealed class ElsaSamplesCorpusTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    /// <summary>In import order (a workflow used as an activity before the one that uses it); null = imports, else the missing type.</summary>
    private static readonly (string File, string? MissingType)[] Corpus =
    [
        ("ConsoleApp.JsonWorkflows/HelloWorld.json", null),
        ("JsonWorkflowProvider/HelloWorld.json", null),
        ("JsonWorkflowProvider/HelloWorldHttp.json", null),
        ("JsonWorkflowProvider/sub.json", null),
        ("JsonWorkflowProvider/main.json", null),
        ("WorkflowInvocation/get-product.json", null),
        // Activities a sample's own code registers at start-up (a dynamic activity provider for a demo REST API): not Elsa's.
        ("DynamicActivityProvider/create-user-workflow.json", "Demo.Reqres.CreateUser"),
        ("DynamicActivityProvider/get-all-users-workflow.json", "Demo.Reqres.GetUsers"),
        ("DynamicActivityProvider/get-user-workflow.json", "Demo.Reqres.GetUser"),
    ];

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ElsaSamples", name));

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Each_Elsa_sample_imports_unchanged_or_is_refused_naming_the_missing_activity_type(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "elsa-samples"));
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, _) in Corpus)
        {
            var saved = await host.Definitions.SaveAsync(WorkflowJson.Deserialize<WorkflowDefinition>(Fixture(file)), publish: true, Bzk);
            seen[file] = saved.Saved ? "imported" : "refused: " + string.Join(" | ", saved.ValidationErrors.Select(e => e.Message));
            if (saved.Saved)
            {
                ids[file] = saved.Definition.DefinitionId;
            }
        }

        foreach (var (file, missing) in Corpus)
        {
            if (missing is null)
            {
                Assert.Equal((file, "imported"), (file, seen[file]));
            }
            else
            {
                Assert.StartsWith("refused: ", seen[file], StringComparison.Ordinal);
                Assert.Contains($"'{missing}'", seen[file], StringComparison.Ordinal);
            }
        }

        // The two console-style samples run as Elsa runs them.
        foreach (var file in new[] { "ConsoleApp.JsonWorkflows/HelloWorld.json", "JsonWorkflowProvider/HelloWorld.json" })
        {
            var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = ids[file], Scope = Bzk });
            Assert.True(started.Started, started.CannotStartReason);
            await host.Runtime.RunUntilIdleAsync();
            Assert.Equal(["Hello World!"], await host.WrittenLinesAsync(started.InstanceId!));
            Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(started.InstanceId!)).Status);
        }
    }
}
