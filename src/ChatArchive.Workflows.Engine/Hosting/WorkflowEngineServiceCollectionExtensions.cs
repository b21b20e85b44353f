using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.BuiltIn;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatArchive.Workflows.Engine.Hosting;

public static class WorkflowEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine: activity registry with the built-ins, definition service, runtime, human tasks,
    /// the Hangfire jobs of timers and triggers, the step workers and the start-up services (template import, timer
    /// re-arm, trigger registration). The stores and Hangfire's storage and server come from the persistence layer
    /// (<c>ChatArchive.Persistence.Workflows.WorkflowPersistenceSetup.AddWorkflowEngine</c>); without
    /// <see cref="WorkflowEngineOptions.RunScheduler"/> Hangfire is not needed at all.
    /// </summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services, Action<WorkflowEngineOptions>? configure = null)
    {
        var options = new WorkflowEngineOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);

        foreach (var t in new[] { typeof(Flowchart), typeof(Start), typeof(End), typeof(Delay), typeof(Activities.BuiltIn.Timer), typeof(Cron), typeof(HumanTask),
                     typeof(SetVariable), typeof(FlowDecision), typeof(DispatchWorkflow), typeof(FlowFork), typeof(FlowJoin), typeof(StartAt), typeof(WriteLine),
                     typeof(Finish), typeof(Complete), typeof(Fault), typeof(If), typeof(FlowSwitch), typeof(Switch), typeof(SetOutput), typeof(SetName), typeof(Correlate),
                     typeof(Sequence), typeof(ExecuteWorkflow), typeof(Event), typeof(PublishEvent), typeof(SendEmail), typeof(RunJavaScript), typeof(FlowNode) })
        {
            services.AddSingleton(new ActivityTypeRegistration(t));
        }
        Activities.Http.HttpActivities.AddHttpActivities(services, options.Http);
        services.TryAddSingleton<IActivityRegistry, ActivityRegistry>();
        // Elsa.SendEmail sends through the notifications' sender; the server's notifications set-up registers the same two.
        services.TryAddSingleton(sp => sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>() is { } configuration
            ? Notifications.Smtp.MailSettings.FromConfiguration(configuration) : new Notifications.Smtp.MailSettings());
        services.TryAddSingleton<Notifications.Smtp.IMailSender, Notifications.Smtp.MailKitMailSender>();
        services.TryAddSingleton<WorkflowDefinitionValidator>();
        services.TryAddSingleton<WorkflowActivityCatalog>();
        services.TryAddSingleton<IWorkflowDefinitionService, WorkflowDefinitionService>();
        services.TryAddSingleton<WorkflowTemplateImporter>();
        services.TryAddSingleton<DefinitionCache>();
        services.TryAddSingleton<WorkSignal>();
        services.TryAddSingleton(options.JavaScript);
        services.TryAddSingleton<Expressions.JavaScriptEvaluator>();
        services.TryAddSingleton<Expressions.LiquidEvaluator>();
        services.TryAddSingleton<WorkflowStepExecutor>();
        services.TryAddSingleton<IWorkflowRuntime, WorkflowRuntime>();
        services.TryAddSingleton<IHumanTaskService, HumanTaskService>();
        services.TryAddSingleton<ITimerScheduler>(sp => options.RunScheduler
            ? ActivatorUtilities.CreateInstance<HangfireTimerScheduler>(sp)
            : NoTimerScheduler.Instance);
        services.TryAddSingleton(sp => new CronTriggerRegistrar(
            options.RunScheduler ? sp.GetRequiredService<Hangfire.IRecurringJobManager>() : null,
            options.RunScheduler ? sp.GetRequiredService<Hangfire.JobStorage>() : null,
            sp.GetRequiredService<IWorkflowDefinitionStore>(), options, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<CronTriggerRegistrar>>()));
        services.AddSingleton<IWorkflowDefinitionChangeListener>(sp => sp.GetRequiredService<CronTriggerRegistrar>());
        services.AddTransient<TimerFiredJob>();
        services.AddTransient<CronFiredJob>();

        // Order matters: templates first, then triggers of what is published, then timers (the Hangfire server is added by the caller), then workers.
        services.AddHostedService<WorkflowEngineStartupService>();
        if (options.RunWorkers)
        {
            services.AddHostedService<WorkflowWorkerService>();
        }
        return services;
    }

    /// <summary>Adds an activity class to the toolbox and the runtime.</summary>
    public static IServiceCollection AddWorkflowActivity<TActivity>(this IServiceCollection services) where TActivity : Activity
    {
        services.AddSingleton(new ActivityTypeRegistration(typeof(TActivity)));
        return services;
    }
}
