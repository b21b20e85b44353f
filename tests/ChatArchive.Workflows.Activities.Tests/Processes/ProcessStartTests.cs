using ChatArchive.Persistence;
using ChatArchive.Persistence.ProcessStarts;
using ChatArchive.TestSupport;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Activities.Tests.Support;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Workflows.Activities.Tests.Processes;

/// <summary>Events that start workflows (issue 10 item 6) and the department's process from its published definition (item 5).</summary>
public sealed class ProcessStartTests
{
    private static readonly DateTimeOffset March2 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static async Task<(ActivitiesHost Host, TestRegistry Registry)> StartAsync(DatabaseProvider provider, string purpose)
    {
        var host = await ActivitiesHost.StartAsync(await TestDatabases.CreateAsync(provider, purpose), March2);
        return (host, new TestRegistry(host.Db));
    }

    private static async Task<List<WorkflowInstanceSummary>> InstancesAsync(ActivitiesHost host, string? definitionId = null) =>
        (await host.Instances.ListAsync(new WorkflowInstanceQuery { PageSize = 100, AllTenants = true })).Items
            .Where(i => definitionId is null || i.DefinitionId == definitionId).ToList();

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Appointment_start_starts_onboarding_once_for_that_officeholder(DatabaseProvider provider)
    {
        var (host, registry) = await StartAsync(provider, "onboarding");
        await using var _ = host;
        var bzk = await registry.DepartmentAsync("BZK", "Binnenlandse Zaken en Koninkrijksrelaties");
        var minister = await registry.OfficeholderAsync(bzk, "Minister van BZK", new DateOnly(2026, 3, 1));
        var later = await registry.OfficeholderAsync(bzk, "Staatssecretaris Digitalisering", new DateOnly(2026, 4, 1));
        var left = await registry.OfficeholderAsync(bzk, "Staatssecretaris Koninkrijksrelaties", new DateOnly(2022, 1, 10), new DateOnly(2024, 7, 2));

        var first = await host.Starter.RunOnceAsync();
        var second = await host.Starter.RunOnceAsync();

        Assert.Equal(1, first.Started);
        Assert.Equal(0, second.Started);
        Assert.Equal(0, second.EventsRecorded);
        var instance = Assert.Single(await InstancesAsync(host, ProcessTemplates.Onboarding));
        Assert.Equal(minister.Id.ToString(), instance.CorrelationId);
        var full = await host.InstanceAsync(instance.Id);
        Assert.Equal(minister.Id.ToString(), full.State.Input[ProcessVariables.OfficeholderId]);
        Assert.Equal("BZK", full.State.Input[ProcessVariables.Department]);

        // The later appointment starts on its first day, not before; the one that ended long ago never.
        host.Clock.Now = new DateTimeOffset(2026, 4, 1, 6, 0, 0, TimeSpan.Zero);
        var third = await host.Starter.RunOnceAsync();
        Assert.Equal(1, third.Started);
        var onboardings = await InstancesAsync(host, ProcessTemplates.Onboarding);
        Assert.Equal([minister.Id.ToString(), later.Id.ToString()], onboardings.Select(i => i.CorrelationId).Order());
        Assert.DoesNotContain(left.Id.ToString(), (await InstancesAsync(host)).Select(i => i.CorrelationId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_department_copy_is_started_when_it_has_one_else_the_template(DatabaseProvider provider)
    {
        var (host, registry) = await StartAsync(provider, "copy");
        await using var _ = host;
        var bzk = await registry.DepartmentAsync("BZK", "Binnenlandse Zaken en Koninkrijksrelaties");
        var fin = await registry.DepartmentAsync("FIN", "Financiën");
        await host.Definitions.CopyTemplateAsync(ProcessTemplates.Onboarding, "BZK");
        var bzkMinister = await registry.OfficeholderAsync(bzk, "Minister van BZK", new DateOnly(2026, 3, 1));
        var finMinister = await registry.OfficeholderAsync(fin, "Minister van Financiën", new DateOnly(2026, 3, 1));

        await host.Starter.RunOnceAsync();

        var all = await InstancesAsync(host);
        Assert.Equal("bzk-onboarding", Assert.Single(all, i => i.CorrelationId == bzkMinister.Id.ToString()).DefinitionId);
        Assert.Equal(ProcessTemplates.Onboarding, Assert.Single(all, i => i.CorrelationId == finMinister.Id.ToString()).DefinitionId);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_same_event_started_twice_at_once_gives_one_instance(DatabaseProvider provider)
    {
        var (host, registry) = await StartAsync(provider, "twice");
        await using var _ = host;
        var bzk = await registry.DepartmentAsync("BZK", "Binnenlandse Zaken en Koninkrijksrelaties");
        await registry.OfficeholderAsync(bzk, "Minister van BZK", new DateOnly(2026, 3, 1));
        await host.Starter.RecordAppointmentEventsAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.Starter.StartDueAsync()));

        Assert.Equal(1, results.Sum());
        Assert.Single(await InstancesAsync(host, ProcessTemplates.Onboarding));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_end_date_starts_departure_stops_the_regular_cycle_and_the_final_read_out_still_starts(DatabaseProvider provider)
    {
        var (host, registry) = await StartAsync(provider, "departure");
        await using var _ = host;
        var bzk = await registry.DepartmentAsync("BZK", "Binnenlandse Zaken en Koninkrijksrelaties");
        var minister = await registry.OfficeholderAsync(bzk, "Minister van BZK", new DateOnly(2026, 1, 5));
        await host.Starter.RunOnceAsync();
        await host.Starter.PlanReadOutAsync("BZK", minister.Id, "cyclus-1", March2, immediately: false);
        Assert.Single(await host.Starter.PlannedReadOutsAsync("BZK"));

        await registry.SetEndDateAsync(minister, new DateOnly(2026, 3, 20));
        var pass = await host.Starter.RunOnceAsync();

        Assert.Equal(1, pass.Cancelled);
        Assert.Empty(await host.Starter.PlannedReadOutsAsync("BZK"));
        var departure = await host.InstanceAsync(Assert.Single(await InstancesAsync(host, ProcessTemplates.Departure)).Id);
        Assert.Equal("2026-03-20", departure.State.Input[ProcessVariables.EndsOn]);
        Assert.Equal(minister.Id.ToString(), departure.CorrelationId);

        await host.Starter.PlanFinalReadOutAsync("BZK", minister.Id, departure.Id, March2);
        var final = await host.Starter.RunOnceAsync();
        Assert.Equal(1, final.Started);
        var readOut = await host.InstanceAsync(Assert.Single(await InstancesAsync(host, ProcessTemplates.PeriodicReadOut)).Id);
        Assert.Equal("true", readOut.State.Input[ProcessVariables.FinalReadOut]);
        Assert.Equal(0, (await host.Starter.RunOnceAsync()).Started);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Publishing_a_new_frequency_moves_the_due_date_of_every_next_cycle_without_a_restart(DatabaseProvider provider)
    {
        var (host, registry) = await StartAsync(provider, "frequency");
        await using var _ = host;
        var bzk = await registry.DepartmentAsync("BZK", "Binnenlandse Zaken en Koninkrijksrelaties");
        var minister = await registry.OfficeholderAsync(bzk, "Minister van BZK", new DateOnly(2026, 1, 5));
        var secretary = await registry.OfficeholderAsync(bzk, "Staatssecretaris Digitalisering", new DateOnly(2026, 1, 5));
        Assert.Contains("bzk-periodic-readout", await host.Services.GetRequiredService<DepartmentDefinitionImporter>().ImportAsync(RepositoryFolders.Workflows));
        await host.Starter.PlanReadOutAsync("BZK", minister.Id, "cyclus-minister", March2, immediately: false);
        await host.Starter.PlanReadOutAsync("BZK", secretary.Id, "cyclus-staatssecretaris", March2, immediately: false);

        var before = await host.Starter.PlannedReadOutsAsync("BZK");
        Assert.All(before, p => Assert.Equal(March2.AddMonths(1), p.DueAt));
        Assert.Equal(ChatArchive.Domain.Policies.ReadOutFrequency.Monthly, (await host.Processes.ReadAsync("BZK")).FrequencyKind);

        // The process owner changes the frequency in Studio: Studio saves and publishes through the definition service.
        var scope = TenantScope.ForDepartment("BZK");
        var latest = (await host.Definitions.GetAsync("bzk-periodic-readout", VersionOptions.Latest, scope))!;
        latest.Variables.Single(v => v.Name == ProcessVariables.Frequency).Value = "P2M";
        var saved = await host.Definitions.SaveAsync(latest, publish: true, scope);
        Assert.True(saved.Saved);

        var after = await host.Starter.PlannedReadOutsAsync("BZK");
        Assert.Equal(2, after.Count);
        Assert.All(after, p => Assert.Equal(March2.AddMonths(2), p.DueAt));
        Assert.All(after, p => Assert.Equal(2, p.DefinitionVersion));

        host.Clock.Now = March2.AddMonths(1).AddDays(1);
        Assert.Equal(0, await host.Starter.StartDueAsync());
        host.Clock.Now = March2.AddMonths(2).AddMinutes(1);
        Assert.Equal(2, await host.Starter.StartDueAsync());
        var started = await InstancesAsync(host, "bzk-periodic-readout");
        Assert.Equal(2, started.Count);
        Assert.All(started, i => Assert.Equal(2, i.Version));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Department_examples_are_loaded_once_and_never_over_a_process_owners_own_version(DatabaseProvider provider)
    {
        var (host, _) = await StartAsync(provider, "examples");
        await using var __ = host;
        var importer = host.Services.GetRequiredService<DepartmentDefinitionImporter>();

        var first = await importer.ImportAsync(RepositoryFolders.Workflows);
        var second = await importer.ImportAsync(RepositoryFolders.Workflows);

        Assert.Equal(["bzk-periodic-readout", "def-periodic-readout", "jenv-periodic-readout"], first.Order());
        Assert.Empty(second);
        var jenv = await host.Processes.ReadAsync("JenV");
        Assert.Equal(("P6W", ChatArchive.Domain.Policies.CleaningMode.Mark, ValidatorKind.Trustee, false), (jenv.FrequencyText, jenv.Cleaning, jenv.Validator, jenv.FromTemplate));
        var def = await host.Processes.ReadAsync("DEF");
        Assert.Equal(("P2M", ChatArchive.Domain.Policies.CleaningMode.None), (def.FrequencyText, def.Cleaning));
        var other = await host.Processes.ReadAsync("FIN");
        Assert.True(other.FromTemplate);
        Assert.Equal("P6W", other.FrequencyText);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_instance_without_an_officeholder_fails_with_a_clear_incident_and_plans_nothing(DatabaseProvider provider)
    {
        var (host, _) = await StartAsync(provider, "nooh");
        await using var __ = host;
        var scope = TenantScope.ForDepartment("BZK");
        var d = new WorkflowDefinition { Name = "Plannen zonder bewindspersoon", DefinitionId = "zonder", Root = ActivityNode.NewFlowchart("flow1") };
        d.Root.Activities!.Add(new ActivityNode { Id = "start", Type = "Elsa.Start" });
        var plan = new ActivityNode { Id = "plan", Type = "ChatArchive.PlanReadOutCycle", Name = "plan" };
        plan.SetInput("Moment", WrappedInput.Literal("String", "Direct"));
        d.Root.Activities.Add(plan);
        d.Root.Connections!.Add(new Connection("start", "Done", "plan"));
        Assert.True((await host.Definitions.SaveAsync(d, publish: true, scope)).Saved);

        var none = await host.Runtime.StartAsync(new StartWorkflowRequest { DefinitionId = "zonder", Scope = scope });
        var twoPeople = await host.Runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = "zonder", Scope = scope, CorrelationId = "12", Input = new Dictionary<string, string?> { [ProcessVariables.OfficeholderId] = "13" },
        });
        await host.Runtime.RunUntilIdleAsync();

        var a = await host.InstanceAsync(none.InstanceId!);
        var b = await host.InstanceAsync(twoPeople.InstanceId!);
        Assert.Equal(WorkflowSubStatus.Faulted, a.SubStatus);
        Assert.Contains("hoort bij een bewindspersoon", Assert.Single(a.State.Incidents).Message);
        Assert.Contains("twee bewindspersonen", Assert.Single(b.State.Incidents).Message);
        await using var db = host.Db();
        Assert.Equal(0, await db.Set<ProcessStartRow>().CountAsync());
    }
}
