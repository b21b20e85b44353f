namespace ChatArchive.Workflows.Engine.Hosting;

/// <summary>Engine settings; the server fills them from configuration section <c>ChatArchive:Workflows</c>.</summary>
public sealed class WorkflowEngineOptions
{
    public const string Section = "ChatArchive:Workflows";

    /// <summary>Concurrent step workers per process (the machine has 2 cores; steps are mostly database work).</summary>
    public int Workers { get; set; } = 4;

    /// <summary>How long an idle worker sleeps before polling again (work written by other nodes).</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Run the background workers (false: only <c>RunUntilIdleAsync</c> runs steps; tests).</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Arm Hangfire jobs for timers and triggers and run this process's Hangfire server (false: neither; tests).</summary>
    public bool RunScheduler { get; set; } = true;

    /// <summary>Hangfire: storage schema, workers, polling (section <c>ChatArchive:BackgroundJobs</c>, shared with the server's other jobs).</summary>
    public BackgroundJobsOptions BackgroundJobs { get; set; } = new();

    /// <summary>Folder with the Elsa JSON definitions imported into the template set at start-up; null = none.</summary>
    public string? WorkflowsFolder { get; set; }

    /// <summary>Sandbox limits of JavaScript expressions (section <c>ChatArchive:Workflows:JavaScript</c>).</summary>
    public Expressions.JavaScriptOptions JavaScript { get; set; } = new();

    /// <summary>Shortest interval allowed for a repeating Elsa.Timer and between two moments of a Cron schedule (guardrail).</summary>
    public TimeSpan MinimumTriggerInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Steps one instance may take without waiting on anything (a human task, a timer, a child) before it stops with an incident (guardrail against loops that never wait).</summary>
    public int MaxStepsWithoutWait { get; set; } = 1000;

    /// <summary>Elsa's HTTP activities: the allow-list of outgoing requests, size and time limits (section <c>ChatArchive:Workflows:Http</c>).</summary>
    public Activities.Http.HttpActivityOptions Http { get; set; } = new();

    /// <summary>Automatic retry with back-off of activities that declare it (section <c>ChatArchive:Workflows:Retry</c>).</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// Most steps of one instance run in one transaction when they follow each other without side effects (1 = every step
    /// commits on its own). A step with side effects always commits before the next one runs.
    /// </summary>
    public int StepsPerTransaction { get; set; } = 100;

    /// <summary>
    /// PostgreSQL: a step loop claims up to this many work items (of different instances) at once and commits their bursts
    /// in one transaction, each burst in its own savepoint (1 = one instance per transaction, as before).
    /// </summary>
    public int ClaimBatchSize { get; set; } = 16;

    /// <summary>
    /// Elsa's flowchart execution mode for instances that do not name one at their start: counter-based (Elsa's default) or token-based,
    /// where an activity's <c>mergeMode</c> decides when it runs.
    /// </summary>
    public Runtime.FlowchartExecutionMode FlowchartExecutionMode { get; set; } = Runtime.FlowchartExecutionMode.CounterBased;

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

/// <summary>
/// Hangfire for every background job of a process (the engine's timers and triggers, the server's mail jobs): one storage per
/// process (PostgreSQL: tables in <see cref="Schema"/>, shared by every node; SQLite: in memory, re-armed from our tables at start).
/// </summary>
public sealed class BackgroundJobsOptions
{
    public const string Section = "ChatArchive:BackgroundJobs";

    /// <summary>PostgreSQL schema of Hangfire's own tables (created at start-up when missing).</summary>
    public string Schema { get; set; } = "hangfire";

    /// <summary>Hangfire workers per process; 0 = the number of processors, at least 2 and at most 8.</summary>
    public int WorkerCount { get; set; }

    /// <summary>How often a node moves due scheduled jobs to the queue and looks for queued jobs, in seconds (timers fire at most this late).</summary>
    public int PollSeconds { get; set; } = 1;

    public int EffectiveWorkerCount => WorkerCount > 0 ? WorkerCount : Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>Refuses settings Hangfire cannot run with (English: read by operators in the start-up log).</summary>
    public void Validate()
    {
        if (WorkerCount is < 0 or > 64)
        {
            throw new InvalidOperationException($"{Section}:WorkerCount must be a whole number from 1 to 64 (0 = by processors), got {WorkerCount}.");
        }
        if (PollSeconds is < 1 or > 300)
        {
            throw new InvalidOperationException($"{Section}:PollSeconds must be a whole number from 1 to 300, got {PollSeconds}.");
        }
        if (string.IsNullOrWhiteSpace(Schema) || !System.Text.RegularExpressions.Regex.IsMatch(Schema, "^[a-z_][a-z0-9_]{0,62}$"))
        {
            throw new InvalidOperationException($"{Section}:Schema must be a lower-case PostgreSQL identifier, got '{Schema}'.");
        }
    }
}
