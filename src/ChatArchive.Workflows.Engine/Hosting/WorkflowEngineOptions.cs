namespace ChatArchive.Workflows.Engine.Hosting;

public enum SchedulerStore
{
    /// <summary>Quartz RAM store (SQLite, single node): re-armed at start-up from the timer bookmarks.</summary>
    InMemory,
    /// <summary>Quartz clustered ADO.NET store on PostgreSQL (several nodes).</summary>
    PostgreSqlClustered,
}

/// <summary>Engine settings; the server fills them from configuration section <c>ChatArchive:Workflows</c>.</summary>
public sealed class WorkflowEngineOptions
{
    public const string Section = "ChatArchive:Workflows";

    public SchedulerStore SchedulerStore { get; set; } = SchedulerStore.InMemory;

    /// <summary>PostgreSQL connection string for the Quartz store (clustered mode only).</summary>
    public string? SchedulerConnectionString { get; set; }

    /// <summary>Quartz scheduler name; every node of one cluster uses the same name.</summary>
    public string SchedulerName { get; set; } = "ChatArchiveWorkflows";

    /// <summary>Concurrent step workers per process (the machine has 2 cores; steps are mostly database work).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>How long an idle worker sleeps before polling again (work written by other nodes).</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Run the background workers (false: only <c>RunUntilIdleAsync</c> runs steps; tests).</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Run Quartz (timers, cron triggers).</summary>
    public bool RunScheduler { get; set; } = true;

    /// <summary>Folder with the Elsa JSON definitions imported into the template set at start-up; null = none.</summary>
    public string? WorkflowsFolder { get; set; }

    /// <summary>Sandbox limits of JavaScript expressions (section <c>ChatArchive:Workflows:JavaScript</c>).</summary>
    public Expressions.JavaScriptOptions JavaScript { get; set; } = new();

    /// <summary>Shortest interval allowed for a repeating Elsa.Timer and between two moments of a Cron schedule (guardrail).</summary>
    public TimeSpan MinimumTriggerInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Steps one instance may take without waiting on anything (a human task, a timer, a child) before it stops with an incident (guardrail against loops that never wait).</summary>
    public int MaxStepsWithoutWait { get; set; } = 1000;

    /// <summary>Automatic retry with back-off of activities that declare it (section <c>ChatArchive:Workflows:Retry</c>).</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Most steps of one instance run in one transaction when they follow each other without side effects (1 = every step
    /// commits on its own). A step with side effects always commits before the next one runs.
    /// </summary>
    public int StepsPerTransaction { get; set; } = 100;

    /// <summary>Identifies this process in logs.</summary>
    public string NodeId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";
}

/// <summary>
/// Automatic retry of a failing step of an activity marked <see cref="Activities.Attributes.RetryAttribute"/>: attempt n+1 runs
/// <c>InitialDelay × BackoffFactor^(n-1)</c> (at most <c>MaxDelay</c>) after attempt n failed, as a durable timer; after
/// <c>MaxAttempts</c> failed attempts the step becomes an incident (manual retry as before). Input errors and Elsa.Fault are never retried.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Attempts in all, the first included; 1 = no automatic retry.</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(30);
    public double BackoffFactor { get; set; } = 2;
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 = the first retry).</summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        var factor = Math.Pow(Math.Max(1, BackoffFactor), Math.Max(0, nextAttempt - 2));
        var ticks = Math.Min(InitialDelay.Ticks * factor, MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)Math.Max(0, ticks));
    }
}
