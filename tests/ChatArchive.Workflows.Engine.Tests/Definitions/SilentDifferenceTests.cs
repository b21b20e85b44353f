using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Definitions;

/// <summary>
/// The differences from Elsa that used to pass without a word: Delay's timeSpan (also ElsaFixtureTests), Timer as a repeating
/// interval, two branches into one activity (FlowchartSemanticsTests), and an expression on an input the activity does not have.
/// </summary>
public sealed class SilentDifferenceTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_Delay_with_Elsas_timeSpan_waits_that_long_not_a_day(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "delay-timespan"));
        var saved = await host.Definitions.SaveAsync(new Flow("Vijf seconden").Start().Add("wait", "Elsa.Delay", ("TimeSpan", "TimeSpan", "00:00:05")).End()
            .Connect("start", "wait").Connect("wait", "end").Build(), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var before = DateTimeOffset.UtcNow;
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = saved.Definition.DefinitionId, Scope = Bzk });
        await host.Runtime.RunUntilIdleAsync();

        var timer = Assert.Single(await host.Instances.GetBookmarksAsync(started.InstanceId!));
        Assert.InRange(timer.DueAt!.Value, before + TimeSpan.FromSeconds(4), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(6));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_Timer_is_Elsas_repeating_interval_and_too_short_intervals_are_refused(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "timer-interval"));
        var saved = await host.Definitions.SaveAsync(new Flow("Elk kwartier").Start().Add("tick", "Elsa.Timer", ("Interval", "TimeSpan", "00:15:00")).End()
            .Connect("start", "tick").Connect("tick", "end").Build(), publish: true, Bzk);
        Assert.True(saved.Saved, string.Join("; ", saved.ValidationErrors.Select(e => e.Message)));
        var before = DateTimeOffset.UtcNow;
        var started = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = saved.Definition.DefinitionId, Scope = Bzk });
        await host.Runtime.RunUntilIdleAsync();

        // Inside a flow it waits one interval (it used to expect a date and failed at run time).
        var timer = Assert.Single(await host.Instances.GetBookmarksAsync(started.InstanceId!));
        Assert.InRange(timer.DueAt!.Value, before + TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + TimeSpan.FromMinutes(15));
        Assert.Empty((await host.InstanceAsync(started.InstanceId!)).State.Incidents);

        var tooShort = await host.Definitions.SaveAsync(new Flow("Elke tien seconden").Add("tick", "Elsa.Timer", ("Interval", "TimeSpan", "00:00:10")).End()
            .Connect("tick", "end").Build(), publish: true, Bzk);
        Assert.False(tooShort.Saved);
        Assert.Contains(tooShort.ValidationErrors, e => e.ActivityId == "tick" && e.Message.Contains("korter dan het minimum"));

        var everySecond = await host.Definitions.SaveAsync(new Flow("Elke seconde cron").Add("cron", "Elsa.Cron", ("CronExpression", "String", "* * * ? * *")).End()
            .Connect("cron", "end").Build(), publish: true, Bzk);
        Assert.False(everySecond.Saved);
        Assert.Contains(everySecond.ValidationErrors, e => e.ActivityId == "cron" && e.Message.Contains("vaker dan eens per"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_expression_on_an_input_the_activity_does_not_have_is_refused_naming_activity_and_field(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "unknown-input"));
        var model = new Flow("Onbekend veld").Start().Decision("d", "true").Connect("start", "d").Build();
        var decision = model.Root.Activities!.Single(a => a.Id == "d");
        decision.SetInput("Drempel", new WrappedInput { TypeName = "Int32", Expression = new InputExpression { Type = "JavaScript", Value = "getVariable('x') * 2" } });
        // Our former Elsa.Timer input, now Elsa.StartAt's: an old definition is told, not silently changed.
        model.Root.Activities!.Add(new ActivityNode { Id = "t", Type = "Elsa.Timer", Name = "t" });
        model.Root.Activities!.Last().SetInput("At", WrappedInput.Literal("DateTime", "2027-01-01T09:00:00+01:00"));

        var saved = await host.Definitions.SaveAsync(model, publish: true, Bzk);

        Assert.False(saved.Saved);
        Assert.Contains(saved.ValidationErrors, e => e.ActivityId == "d" && e.Message.Contains("geen invoerveld 'drempel'") && e.Message.Contains("condition"));
        Assert.Contains(saved.ValidationErrors, e => e.ActivityId == "t" && e.Message.Contains("geen invoerveld 'at'") && e.Message.Contains("interval"));
        Assert.Empty((await host.Definitions.ListAsync(new WorkflowDefinitionQuery(), Bzk)).Items);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_connection_into_a_port_other_than_In_is_refused(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "target-port"));
        var model = new Flow("Verkeerde ingang").Start().End().Build();
        model.Root.Connections!.Add(new Connection("start", "Done", "end", "Uit"));

        var saved = await host.Definitions.SaveAsync(model, publish: true, Bzk);

        Assert.False(saved.Saved);
        Assert.Contains(saved.ValidationErrors, e => e.Message.Contains("ingang 'Uit'"));
    }
}
