using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.BuiltIn;
using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.HumanTasks;
using ChatArchive.Workflows.Engine.Runtime;
using ChatArchive.Workflows.Engine.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace ChatArchive.Workflows.Engine.Hosting;

public static class WorkflowEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine: activity registry with the built-ins, definition service, runtime, human tasks,
    /// Quartz (clustered on PostgreSQL, in memory otherwise), the step workers and the start-up services
    /// (template import, timer re-arm, cron registration). The stores come from the persistence layer
    /// (<c>ChatArchive.Persistence.Workflows.WorkflowPersistenceSetup.AddWorkflowEngine</c>).
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
                     typeof(Sequence), typeof(ExecuteWorkflow), typeof(Event), typeof(PublishEvent), typeof(SendEmail) })
        {
            services.AddSingleton(new ActivityTypeRegistration(t));
        }
        services.TryAddSingleton<IActivityRegistry, ActivityRegistry>();
        services.TryAddSingleton<Email.IWorkflowMailSender, Email.SmtpWorkflowMailSender>();
        services.TryAddSingleton<WorkflowDefinitionValidator>();
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
        services.TryAddSingleton<ITimerScheduler, QuartzTimerScheduler>();
        services.TryAddSingleton<CronTriggerRegistrar>();
        services.AddSingleton<IWorkflowDefinitionChangeListener>(sp => sp.GetRequiredService<CronTriggerRegistrar>());

        // Registered always (the scheduler classes need the factory); only started when RunScheduler.
        {
            services.AddQuartz(q =>
            {
                q.ConfigureScheduler(o =>
                {
                    o.InstanceName = options.SchedulerName;
                    o.GenerateInstanceId = true;
                    // Many timers fall due together (benchmark: 10,000 at once): acquire as many as the pool can run (Quartz refuses more).
                    o.MaxBatchSize = 16;
                });
                q.UseDefaultThreadPool(tp => tp.MaxConcurrency = 16);
                if (options.SchedulerStore == SchedulerStore.PostgreSqlClustered)
                {
                    q.UsePersistentStore(s =>
                    {
                        s.ConfigureStore(o => o.StoreJobDataAsStrings = true);
                        s.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(5));
                        s.UsePostgres(options.SchedulerConnectionString
                            ?? throw new InvalidOperationException("SchedulerConnectionString is required for the clustered Quartz store."));
                        s.UseSystemTextJsonSerializer();
                        // Quartz 4.7 creates its qrtz_ tables when missing (IPersistentStoreBuilder.ProvisionSchema).
                        s.ProvisionSchema();
                    });
                }
                else
                {
                    q.UseInMemoryStore();
                }
            });
            services.AddTransient<TimerFiredJob>();
            services.AddTransient<CronFiredJob>();
        }

        // Order matters: templates first, then cron triggers of what is published, then timers, then the Quartz host, then workers.
        services.AddHostedService<WorkflowEngineStartupService>();
        if (options.RunScheduler)
        {
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }
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
