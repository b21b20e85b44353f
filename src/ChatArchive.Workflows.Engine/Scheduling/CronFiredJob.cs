using ChatArchive.Workflows.Engine.Definitions;
using ChatArchive.Workflows.Engine.Model;
using ChatArchive.Workflows.Engine.Runtime;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ChatArchive.Workflows.Engine.Scheduling;

/// <summary>A cron trigger fired: start an instance of the published version at the Cron activity.</summary>
public sealed class CronFiredJob(IWorkflowRuntime runtime, ILogger<CronFiredJob> logger) : IJob
{
    public const string DefinitionIdKey = "definitionId";
    public const string ActivityIdKey = "activityId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var definitionId = context.MergedJobDataMap.GetString(DefinitionIdKey)!;
        var activityId = context.MergedJobDataMap.GetString(ActivityIdKey)!;
        var fireTime = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var result = await runtime.StartAsync(new StartWorkflowRequest
        {
            DefinitionId = definitionId,
            VersionOptions = VersionOptions.Published,
            Scope = TenantScope.System,
            TriggerActivityId = activityId,
            CorrelationId = $"cron:{fireTime.UtcDateTime:yyyyMMddTHHmmssZ}",
        }, cancellationToken);
        if (result.Started)
        {
            logger.LogInformation("Cron trigger {DefinitionId}/{ActivityId} started instance {InstanceId}", definitionId, activityId, result.InstanceId);
        }
        else
        {
            logger.LogWarning("Cron trigger {DefinitionId}/{ActivityId} could not start an instance", definitionId, activityId);
        }
    }
}
