using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Runtime;

/// <summary>Elsa 3.8's flowchart rules: implicit joins, FlowFork/FlowJoin modes, loops, completion.</summary>
public sealed class FlowchartSemanticsTests
{
    private static readonly HumanTaskActor Professional = new("ip.devries", ["information-professional"], ["BZK"]);

    private static async Task<Dictionary<string, int>> CountsAsync(EngineHost host, string instanceId) =>
        (await host.Instances.GetActivityExecutionsAsync(instanceId)).Where(e => e.Status == ActivityExecutionStatus.Completed)
            .GroupBy(e => e.ActivityId).ToDictionary(g => g.Key, g => g.Count());

    private static async Task<List<HumanTaskItem>> OpenTasksAsync(EngineHost host, string instanceId) =>
        (await host.Tasks.ListAsync(new HumanTaskQuery { InstanceId = instanceId, Statuses = [HumanTaskStatus.Open] })).Items.ToList();

    private static Flow Fork(Flow f, string id, params string[] branches) =>
        f.Add(id, "Elsa.FlowFork", ("Branches", "String[]", System.Text.Json.JsonSerializer.Serialize(branches)));

    private static Flow Join(Flow f, string id, string mode) => f.Add(id, "Elsa.FlowJoin", ("Mode", "String", mode));

    private static Flow Mark(Flow f, string id) => f.SetVariable(id, "Spoor", "JavaScript", $"(getSpoor() || '') + '{id};'");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Two_branches_into_one_activity_run_it_once_and_open_one_task(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "implicitjoin"));
        var f = new Flow("Twee takken naar één taak").Variable("Spoor", "", "String").Start();
        Mark(f, "a"); Mark(f, "b");
        var instanceId = await host.PublishAndRunAsync(f.Task("c", "Samen afronden").End()
            .Connect("start", "a").Connect("start", "b").Connect("a", "c").Connect("b", "c").Connect("c", "end", "Gereed").Build());

        var task = Assert.Single(await OpenTasksAsync(host, instanceId));
        Assert.Equal("c", task.ActivityId);
        await host.Tasks.CompleteAsync(task.Id, Professional, "Gereed");
        await host.Runtime.RunUntilIdleAsync();

        var counts = await CountsAsync(host, instanceId);
        Assert.Equal(1, counts["c"]);
        Assert.Equal(1, counts["end"]);
        Assert.Equal(WorkflowStatus.Finished, (await host.InstanceAsync(instanceId)).Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_decision_whose_branches_meet_runs_the_meeting_activity_once(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "decisionmerge"));
        var f = new Flow("Beslissing en samenkomst").Variable("Spoor", "", "String").Start().Decision("d", "1 + 1 == 2");
        Mark(f, "x"); Mark(f, "y"); Mark(f, "z");
        var instanceId = await host.PublishAndRunAsync(f
            .Connect("start", "d").Connect("d", "x", "True").Connect("d", "y", "False").Connect("x", "z").Connect("y", "z").Build());

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal("x;z;", instance.State.Variables["Spoor"]);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.False((await CountsAsync(host, instanceId)).ContainsKey("y"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task FlowJoin_WaitAny_continues_on_the_first_branch_and_cancels_the_other(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "joinany"));
        var f = new Flow("Eerste tak wint").Variable("Spoor", "", "String").Start();
        Fork(f, "fork", "Telefoon", "Mail");
        Join(f, "join", "WaitAny");
        Mark(f, "after");
        var instanceId = await host.PublishAndRunAsync(f.Task("phone", "Telefoon uitlezen").Task("mail", "Mail exporteren")
            .Connect("start", "fork").Connect("fork", "phone", "Telefoon").Connect("fork", "mail", "Mail")
            .Connect("phone", "join", "Gereed").Connect("mail", "join", "Gereed").Connect("join", "after").Build());

        var tasks = await OpenTasksAsync(host, instanceId);
        Assert.Equal(["mail", "phone"], tasks.Select(t => t.ActivityId).Order());
        await host.Tasks.CompleteAsync(tasks.Single(t => t.ActivityId == "phone").Id, Professional, "Gereed");
        await host.Runtime.RunUntilIdleAsync();

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Equal("after;", instance.State.Variables["Spoor"]);
        Assert.Empty(await OpenTasksAsync(host, instanceId));
        var mail = (await host.Instances.GetActivityExecutionsAsync(instanceId)).Single(e => e.ActivityId == "mail");
        Assert.Equal(ActivityExecutionStatus.Canceled, mail.Status);
        Assert.Equal(1, (await CountsAsync(host, instanceId))["join"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task FlowJoin_WaitAll_waits_for_every_branch(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "joinall"));
        var f = new Flow("Alle takken").Variable("Spoor", "", "String").Start();
        Fork(f, "fork", "Telefoon", "Mail");
        Join(f, "join", "WaitAll");
        Mark(f, "after");
        var instanceId = await host.PublishAndRunAsync(f.Task("phone", "Telefoon uitlezen").Task("mail", "Mail exporteren")
            .Connect("start", "fork").Connect("fork", "phone", "Telefoon").Connect("fork", "mail", "Mail")
            .Connect("phone", "join", "Gereed").Connect("mail", "join", "Gereed").Connect("join", "after").Build());

        var tasks = await OpenTasksAsync(host, instanceId);
        await host.Tasks.CompleteAsync(tasks.Single(t => t.ActivityId == "phone").Id, Professional, "Gereed");
        await host.Runtime.RunUntilIdleAsync();
        Assert.False((await CountsAsync(host, instanceId)).ContainsKey("join"));
        Assert.Equal(WorkflowStatus.Running, (await host.InstanceAsync(instanceId)).Status);

        await host.Tasks.CompleteAsync(tasks.Single(t => t.ActivityId == "mail").Id, Professional, "Gereed");
        await host.Runtime.RunUntilIdleAsync();
        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal("after;", instance.State.Variables["Spoor"]);
        Assert.Equal(1, (await CountsAsync(host, instanceId))["join"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_loop_back_to_an_earlier_activity_repeats_it_until_the_condition_ends_it(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "loop"));
        var instanceId = await host.PublishAndRunAsync(new Flow("Herhalen tot drie").Variable("Teller", "0", "Int32").Start()
            .SetVariable("inc", "Teller", "JavaScript", "getTeller() + 1")
            .Decision("check", "getTeller() < 3")
            .End()
            .Connect("start", "inc").Connect("inc", "check").Connect("check", "inc", "True").Connect("check", "end", "False").Build());

        var instance = await host.InstanceAsync(instanceId);
        Assert.Equal((WorkflowStatus.Finished, WorkflowSubStatus.Finished), (instance.Status, instance.SubStatus));
        Assert.Equal("3", instance.State.Variables["Teller"]);
        var counts = await CountsAsync(host, instanceId);
        Assert.Equal(3, counts["inc"]);
        Assert.Equal(3, counts["check"]);
        Assert.Equal(1, counts["end"]);
    }
}
