namespace ChatArchive.Classification.Decisions;

/// <summary>Who decides: a user id and the role they act in (<see cref="ChatArchive.Domain.Registry.Roles"/>).</summary>
public sealed record Actor(string UserId, string Role);
