using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Workflows.Activities.Checklists;
using ChatArchive.Workflows.Activities.Officeholders;
using ChatArchive.Workflows.Activities.Processes;
using ChatArchive.Workflows.Activities.ReadOuts;
using ChatArchive.Workflows.Engine.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatArchive.Workflows.Activities;

public static class ActivitiesServiceCollectionExtensions
{
    /// <summary>The domain activities in Studio's toolbox and the runtime (ARCHITECTURE.md: activities are where workflows meet the domain).</summary>
    public static readonly IReadOnlyList<Type> ActivityTypes =
    [
        typeof(ReadOutAppointment), typeof(AwaitExportUpload), typeof(IngestExport), typeof(FindingsTask), typeof(SuggestLabels),
        typeof(ReviewMessages), typeof(ValidateMarkedMessages), typeof(ApplyCleaning), typeof(SealReadOut), typeof(Checklist),
        typeof(RegisterCoverageElsewhere), typeof(PlanReadOutCycle),
    ];

    /// <summary>
    /// Registers the domain activities, the process reader, the event starters and the API's signals into the workflow.
    /// Call after the engine and the read-out services are registered. <paramref name="configuration"/> (section
    /// <c>ChatArchive:Workflows</c>): <c>ProcessStarts</c>, <c>ProcessStartInterval</c>, <c>ImportDepartmentExamples</c>.
    /// </summary>
    public static IServiceCollection AddChatArchiveActivities(this IServiceCollection services, IConfiguration? configuration = null,
        Action<ProcessStartOptions>? configure = null)
    {
        var options = new ProcessStartOptions();
        configuration?.GetSection(WorkflowEngineOptions.Section).Bind(options);
        configure?.Invoke(options);
        services.AddSingleton(options);
        foreach (var t in ActivityTypes)
        {
            services.AddSingleton(new Engine.Activities.ActivityTypeRegistration(t));
        }
        services.TryAddSingleton<DepartmentProcessReader>();
        services.TryAddSingleton<ValidatorResolver>();
        services.TryAddSingleton<ProcessStarter>();
        services.TryAddSingleton<DepartmentDefinitionImporter>();
        services.AddHostedService<DepartmentDefinitionImportService>();
        services.RemoveAll<IReadOutSignals>();
        services.AddSingleton<IReadOutSignals, WorkflowReadOutSignals>();
        if (options.ProcessStarts)
        {
            services.AddHostedService<ProcessStartService>();
        }
        return services;
    }
}
