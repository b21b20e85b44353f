namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>What an activity did: completed with an outcome, or waits on a bookmark.</summary>
public sealed record ActivityResult
{
    public string? Outcome { get; private init; }
    public BookmarkRequest? Bookmark { get; private init; }

    /// <summary>True for End: the instance finishes and its remaining bookmarks are removed.</summary>
    public bool FinishesWorkflow { get; private init; }

    public IReadOnlyDictionary<string, string?> Outputs { get; private init; } = new Dictionary<string, string?>();

    /// <summary>Every outcome the activity completed with (a fork completes with several); <see cref="Outcome"/> is the first.</summary>
    public IReadOnlyList<string> Outcomes { get; private init; } = [];

    /// <summary>True for a join: the inbound branches still running are cancelled when it completes (Elsa's FlowJoin).</summary>
    public bool CancelsInboundBranches { get; init; }

    /// <summary>A line for the instance's journal, on the "Completed" entry (Elsa.WriteLine writes its text here).</summary>
    public string? JournalMessage { get; init; }

    public static ActivityResult Complete(string outcome = Activity.DoneOutcome, IReadOnlyDictionary<string, string?>? outputs = null) =>
        new() { Outcome = outcome, Outcomes = [outcome], Outputs = outputs ?? new Dictionary<string, string?>() };

    /// <summary>Completes with several outcomes at once: every connection from one of them is followed (FlowFork's branches).</summary>
    public static ActivityResult CompleteWithOutcomes(IReadOnlyList<string> outcomes, IReadOnlyDictionary<string, string?>? outputs = null) =>
        new() { Outcome = outcomes.Count > 0 ? outcomes[0] : Activity.DoneOutcome, Outcomes = outcomes, Outputs = outputs ?? new Dictionary<string, string?>() };

    /// <summary>Elsa.SetName: the instance's new name (null = unchanged).</summary>
    public string? NewInstanceName { get; init; }

    /// <summary>Elsa.Correlate: the instance's new correlation id (null = unchanged).</summary>
    public string? NewCorrelationId { get; init; }

    /// <summary>
    /// Elsa.Complete: the composite this activity runs in completes as a whole with <see cref="Outcomes"/>; at the root flowchart
    /// that finishes the instance (other branches and bookmarks are dropped).
    /// </summary>
    public bool CompletesComposite { get; private init; }

    /// <summary>A composite (Sequence, If, Switch) runs these embedded activities; it completes when they have (<see cref="Runtime.ActivityTree"/>).</summary>
    public IReadOnlyList<string> Children { get; private init; } = [];

    public static ActivityResult ScheduleChildren(IReadOnlyList<string> activityIds) => new() { Children = activityIds };

    public static ActivityResult Wait(BookmarkRequest bookmark) => new() { Bookmark = bookmark };

    public static ActivityResult FinishWorkflow() => new() { FinishesWorkflow = true };

    public static ActivityResult CompleteComposite(IReadOnlyList<string> outcomes) =>
        new() { CompletesComposite = true, Outcome = outcomes.Count > 0 ? outcomes[0] : Activity.DoneOutcome, Outcomes = outcomes };
}
