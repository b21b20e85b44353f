using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Tests.Support;

namespace ChatArchive.Workflows.Engine.Tests.Definitions;

public sealed class WorkflowDefinitionServiceTests
{
    private static readonly TenantScope Bzk = TenantScope.ForDepartment("BZK");
    private static readonly TenantScope Ocw = TenantScope.ForDepartment("OCW");

    private static Flow Readout(string name = "Periodiek uitlezen BZK") =>
        new Flow(name).Start().Task("prepare", "Voorbereiding uitlezen").End().Connect("start", "prepare").Connect("prepare", "end", "Gereed");

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Server_assigns_unique_node_ids_to_root_and_every_activity(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "nodeids"));
        var model = Readout().Build();
        model.Root.Id = "";

        var result = await host.Definitions.SaveAsync(model, publish: false, Bzk);

        Assert.True(result.Saved);
        var stored = await host.Definitions.GetAsync(result.Definition.DefinitionId, VersionOptions.Latest, Bzk);
        Assert.NotNull(stored);
        var nodeIds = new[] { stored.Root.NodeId }.Concat(stored.Root.Activities!.Select(a => a.NodeId)).ToList();
        Assert.All(nodeIds, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(nodeIds.Count, nodeIds.Distinct().Count());
        Assert.Equal($"{stored.Root.NodeId}:prepare", stored.Root.Activities!.Single(a => a.Id == "prepare").NodeId);
        Assert.Equal("BZK", stored.TenantId);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Saving_after_publish_creates_the_next_version_as_draft(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "versions"));
        var v1 = (await host.Definitions.SaveAsync(Readout().Build(), publish: true, Bzk)).Definition;
        Assert.True(v1.IsPublished);

        var edit = v1.Clone();
        edit.Description = "Frequentie zes weken (seed 001)";
        var v2 = (await host.Definitions.SaveAsync(edit, publish: false, Bzk)).Definition;

        Assert.Equal(2, v2.Version);
        Assert.True(v2.IsLatest);
        Assert.False(v2.IsPublished);
        var versions = await host.Definitions.ListAsync(new WorkflowDefinitionQuery
        {
            VersionOptions = VersionOptions.AllVersions, DefinitionIds = [v1.DefinitionId], OrderBy = DefinitionOrder.Version, Descending = true,
        }, Bzk);
        Assert.Equal([2, 1], versions.Items.Select(v => v.Version));
        Assert.Equal([false, true], versions.Items.Select(v => v.IsPublished));
        Assert.Equal([true, false], versions.Items.Select(v => v.IsLatest));
        Assert.Equal(v1.Id, (await host.Definitions.GetAsync(v1.DefinitionId, VersionOptions.Published, Bzk))!.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Saving_a_draft_updates_it_in_place_and_publish_moves_the_published_version(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "draft"));
        var v1 = (await host.Definitions.SaveAsync(Readout().Build(), publish: true, Bzk)).Definition;
        var edit = v1.Clone();
        edit.Description = "eerste wijziging";
        var draft = (await host.Definitions.SaveAsync(edit, publish: false, Bzk)).Definition;
        var edit2 = draft.Clone();
        edit2.Description = "tweede wijziging";
        var draftAgain = (await host.Definitions.SaveAsync(edit2, publish: false, Bzk)).Definition;

        Assert.Equal(draft.Id, draftAgain.Id);
        Assert.Equal(2, draftAgain.Version);

        var published = await host.Definitions.PublishAsync(v1.DefinitionId, Bzk);
        Assert.True(published.Saved);
        var all = await host.Definitions.ListAsync(new WorkflowDefinitionQuery { VersionOptions = VersionOptions.Published, DefinitionIds = [v1.DefinitionId] }, Bzk);
        var only = Assert.Single(all.Items);
        Assert.Equal(2, only.Version);
        Assert.Equal("tweede wijziging", (await host.Definitions.GetByVersionIdAsync(only.Id, Bzk))!.Description);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Unchanged_save_of_a_published_version_creates_no_draft(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "unchanged"));
        var v1 = (await host.Definitions.SaveAsync(Readout().Build(), publish: true, Bzk)).Definition;

        var again = await host.Definitions.SaveAsync(v1.Clone(), publish: true, Bzk);

        Assert.True(again.AlreadyPublished);
        Assert.False(again.CreatedNewVersion);
        Assert.Equal(1, (await host.Definitions.ListAsync(new WorkflowDefinitionQuery { VersionOptions = VersionOptions.AllVersions }, Bzk)).TotalCount);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_root_of_an_unknown_type_is_refused_with_a_Dutch_error_and_nothing_is_saved(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "statemachine"));
        // Studio's create dialog offers a state machine, which this server does not run.
        var model = new WorkflowDefinition { Name = "Vertrek minister", Root = new ActivityNode { Id = "sm1", Type = "Elsa.StateMachine" } };

        var result = await host.Definitions.SaveAsync(model, publish: false, Bzk);

        Assert.False(result.Saved);
        var error = Assert.Single(result.ValidationErrors);
        Assert.Contains("'Elsa.StateMachine'", error.Message);
        Assert.Contains("niet kent", error.Message);
        Assert.Equal(0, (await host.Definitions.ListAsync(new WorkflowDefinitionQuery { VersionOptions = VersionOptions.AllVersions }, Bzk)).TotalCount);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Activity_type_without_descriptor_is_refused(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "unknowntype"));
        var model = Readout().Add("http", "Elsa.DownloadHttpFile").Connect("prepare", "http", "Gereed").Build();

        var result = await host.Definitions.SaveAsync(model, publish: false, Bzk);

        Assert.False(result.Saved);
        Assert.Contains(result.ValidationErrors, e => e.ActivityId == "http" && e.Message.Contains("Elsa.DownloadHttpFile") && e.Message.Contains("niet kent"));
        Assert.Equal(0, (await host.Definitions.ListAsync(new WorkflowDefinitionQuery { VersionOptions = VersionOptions.AllVersions }, Bzk)).TotalCount);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Invalid_literals_and_unknown_ports_are_refused(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "literals"));
        var model = new Flow("Uitlezen met fouten").Start().Delay("wait", "zes weken").End()
            .Connect("start", "wait").Connect("wait", "end", "Verlopen").Build();

        var result = await host.Definitions.SaveAsync(model, publish: false, Bzk);

        Assert.False(result.Saved);
        Assert.Contains(result.ValidationErrors, e => e.Message.Contains("'zes weken'") && e.Message.Contains("P6W"));
        Assert.Contains(result.ValidationErrors, e => e.Message.Contains("geen uitgang 'Verlopen'"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Two_workflows_of_a_department_may_share_a_name_as_in_Elsa_but_not_one_activity_type(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "names"));
        var first = await host.Definitions.SaveAsync(Readout("Periodiek uitlezen").Build(), publish: false, Bzk);

        // Studio's create dialog still learns the name is taken (Elsa's validation/is-name-unique) …
        Assert.False(await host.Definitions.IsNameUniqueAsync("Periodiek uitlezen", null, Bzk));
        Assert.True(await host.Definitions.IsNameUniqueAsync("Periodiek uitlezen", first.Definition.DefinitionId, Bzk));
        Assert.True(await host.Definitions.IsNameUniqueAsync("Periodiek uitlezen", null, Ocw));
        // … but, as in Elsa, saving and publishing a second one of that name works: two definitions.
        var second = await host.Definitions.SaveAsync(Readout("Periodiek uitlezen").Build(), publish: true, Bzk);
        Assert.True(second.Saved, string.Join("; ", second.ValidationErrors.Select(e => e.Message)));
        Assert.NotEqual(first.Definition.DefinitionId, second.Definition.DefinitionId);
        Assert.True((await host.Definitions.SaveAsync(Readout("Periodiek uitlezen").Build(), publish: false, Ocw)).Saved);

        // Two published workflows usable as activities under one type name would make that type ambiguous: the second is refused.
        var usable = new Flow("Als activiteit").Add("write", "Elsa.WriteLine", ("Text", "String", "a")).Build();
        usable.Options.UsableAsActivity = true;
        Assert.True((await host.Definitions.SaveAsync(usable, publish: true, Bzk)).Saved);
        var again = new Flow("Als activiteit").Add("write", "Elsa.WriteLine", ("Text", "String", "b")).Build();
        again.Options.UsableAsActivity = true;
        var refused = await host.Definitions.SaveAsync(again, publish: true, Bzk);
        Assert.False(refused.Saved);
        Assert.Contains(refused.ValidationErrors, e => e.Message.Contains("al bruikbaar als activiteit 'AlsActiviteit'", StringComparison.Ordinal));
        // As a draft, or in another department, it is fine.
        Assert.True((await host.Definitions.SaveAsync(again, publish: false, Bzk)).Saved);
        Assert.True((await host.Definitions.SaveAsync(again, publish: true, Ocw)).Saved);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_department_does_not_see_or_change_another_departments_definitions(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "tenants"));
        var bzk = (await host.Definitions.SaveAsync(Readout().Build(), publish: true, Bzk)).Definition;

        Assert.Null(await host.Definitions.GetAsync(bzk.DefinitionId, VersionOptions.Latest, Ocw));
        Assert.Equal(0, (await host.Definitions.ListAsync(new WorkflowDefinitionQuery(), Ocw)).TotalCount);
        var edit = bzk.Clone();
        edit.Description = "overname door OCW";
        var ex = await Assert.ThrowsAsync<WorkflowEngineException>(() => host.Definitions.SaveAsync(edit, false, Ocw));
        Assert.Equal(WorkflowErrorKind.NotFound, ex.Kind);
        Assert.Null((await host.Definitions.GetAsync(bzk.DefinitionId, VersionOptions.Latest, Bzk))!.Description);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Template_is_read_only_for_a_department_and_can_be_copied_into_it(DatabaseProvider provider)
    {
        await using var host = await EngineHost.StartAsync(await Db.CreateAsync(provider, "templates"));
        var template = (await host.Definitions.SaveAsync(new Flow("Vertrek bewindspersoon", "departure").Start().End().Connect("start", "end").Build(),
            publish: true, TenantScope.Templates)).Definition;
        Assert.Null(template.TenantId);

        var edit = template.Clone();
        edit.Description = "eigen variant";
        var ex = await Assert.ThrowsAsync<WorkflowEngineException>(() => host.Definitions.SaveAsync(edit, false, Bzk));
        Assert.Equal(WorkflowErrorKind.Forbidden, ex.Kind);
        Assert.Contains("Kopieer het sjabloon", ex.Message);

        var copy = await host.Definitions.CopyTemplateAsync("departure", "BZK");

        Assert.Equal("BZK", copy.TenantId);
        Assert.True(copy.IsPublished);
        Assert.NotEqual("departure", copy.DefinitionId);
        var listed = await host.Definitions.ListAsync(new WorkflowDefinitionQuery(), Bzk);
        Assert.Equal([copy.DefinitionId], listed.Items.Select(i => i.DefinitionId));
        var again = await Assert.ThrowsAsync<WorkflowEngineException>(() => host.Definitions.CopyTemplateAsync("departure", "BZK"));
        Assert.Equal(WorkflowErrorKind.Conflict, again.Kind);
    }
}
