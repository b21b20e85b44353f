namespace ChatArchive.Ingestion.Signal;

/// <summary>One record of signal-export output, from data.json or chat.md, before it becomes canonical.</summary>
/// <param name="MediaPaths">Paths as written, relative to the conversation folder (<c>media/…</c>, spaces as %20).</param>
internal sealed record SignalRecord(
    DateTime WallClock,
    string Sender,
    string Text,
    IReadOnlyList<SignalMedia> Media,
    bool Deleted,
    long Line);

internal sealed record SignalMedia(string Name, string? Path);
