namespace ChatArchive.Persistence.Ingestion;

/// <summary>What is being stored: one read-out (uitlezing, Handreiking §2.2.2 step 3) of one officeholder's channel.</summary>
public sealed record ReadOutRequest(
    long OfficeholderId,
    string Channel,
    string Format,
    string SourceName,
    string SourceSha256,
    DateTimeOffset ReadOutAt);
