namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>The event that fills a bookmark: the chosen outcome (human task) and an optional JSON payload.</summary>
public sealed record BookmarkResume(string BookmarkId, string Kind, string? Outcome, string? Payload, string? ResumedBy);
