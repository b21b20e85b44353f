using ChatArchive.Workflows.Engine.HumanTasks;

namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>
/// An activity asks to wait. <see cref="Kind"/> names what fills the bookmark: <see cref="BookmarkKinds"/>.
/// A timer bookmark has <see cref="DueAt"/>; a human-task bookmark has <see cref="HumanTask"/>.
/// </summary>
public sealed record BookmarkRequest(string Kind)
{
    public DateTimeOffset? DueAt { get; init; }
    public HumanTaskRequest? HumanTask { get; init; }

    /// <summary>Small JSON the activity wants back on resume (never message content).</summary>
    public string? Payload { get; init; }

    /// <summary>The bookmark's id when the activity must know it before the step commits (a child workflow that resumes it); null = a new id.</summary>
    public string? Id { get; init; }

    public static BookmarkRequest Timer(DateTimeOffset dueAt) => new(BookmarkKinds.Timer) { DueAt = dueAt };
}

public static class BookmarkKinds
{
    public const string Timer = "Timer";
    public const string HumanTask = "HumanTask";
    public const string Event = "Event";
    public const string DispatchWorkflow = "DispatchWorkflow";
}
