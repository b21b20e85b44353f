namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>What an activity did: completed with an outcome, or waits on a bookmark.</summary>
public sealed record ActivityResult
{
    public string? Outcome { get; private init; }
    public BookmarkRequest? Bookmark { get; private init; }

    /// <summary>True for End: the instance finishes and its remaining bookmarks are removed.</summary>
    public bool FinishesWorkflow { get; private init; }

    public IReadOnlyDictionary<string, string?> Outputs { get; private init; } = new Dictionary<string, string?>();

    public static ActivityResult Complete(string outcome = Activity.DoneOutcome, IReadOnlyDictionary<string, string?>? outputs = null) =>
        new() { Outcome = outcome, Outputs = outputs ?? new Dictionary<string, string?>() };

    public static ActivityResult Wait(BookmarkRequest bookmark) => new() { Bookmark = bookmark };

    public static ActivityResult FinishWorkflow() => new() { FinishesWorkflow = true };
}
