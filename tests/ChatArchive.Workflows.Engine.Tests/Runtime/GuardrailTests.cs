using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Runtime;

public sealed class GuardrailTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_loop_with_a_zero_delay_stops_at_the_step_budget_with_an_incident(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "stepbudget"), o => o.MaxStepsWithoutWait = 30);
        var saved = await host.Definitions.SaveAsync(new Flow("Lus zonder wachten").Variable("Teller", "0", "Int32").Start()
            .SetVariable("inc", "Teller", "JavaScript", "getTeller() + 1")
            .Add("wait", "Elsa.Delay", ("TimeSpan", "TimeSpan", "00:00:00"))
            .Connect("start", "inc").Connect("inc", "wait").Connect("wait", "inc").Build(), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = saved.Definition.DefinitionId, Scope = Bzk });

        var steps = await host.Runtime.RunUntilIdleAsync();

        var instance = await host.InstanceAsync(started.InstanceId!);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Faulted), (instance.Status, instance.SubStatus));
        var incident = Assert.Single(instance.State.Incidents);
        Assert.Equal("StepBudgetExceeded", incident.ExceptionType);
        Assert.Contains("30 stappen", incident.Message);
        Assert.Equal(31, steps);
        Assert.Equal("15", instance.State.Variables["Teller"]);
        var journalBefore = (await host.Instances.GetJournalAsync(instance.Id, 0, 1)).TotalCount;

        // A retry gets a fresh budget: the loop runs on and stops again at the budget.
        Assert.Equal(1, await host.Runtime.RetryAsync(instance.Id));
        Assert.Equal(31, await host.Runtime.RunUntilIdleAsync());
        instance = await host.InstanceAsync(instance.Id);
        Assert.Equal("30", instance.State.Variables["Teller"]);
        Assert.Equal(1, instance.IncidentCount);
        Assert.True((await host.Instances.GetJournalAsync(instance.Id, 0, 1)).TotalCount - journalBefore < 100);
    }
}
