using ChatArchive.Domain.Messages;

namespace ChatArchive.Sealing.Input;

/// <summary>
/// A conversation as it is to be sealed: <see cref="Conversation"/> holds only the messages that were kept
/// (Handreiking §2.2.2 step 7), in any order; the package writes them ordered by time.
/// <paramref name="RestrictionMarks"/>, when given, runs parallel to <c>Conversation.Messages</c>: for a message kept with a
/// restriction mark (cleaning mode Markeren) the label it was marked with (<c>Private</c>, <c>PartyPolitical</c>), else null.
/// </summary>
public sealed record ConversationToSeal(string ConversationId, CanonicalConversation Conversation, IReadOnlyList<string?>? RestrictionMarks = null)
{
    /// <summary>The restriction mark of message <paramref name="index"/> of <c>Conversation.Messages</c>, or null.</summary>
    public string? RestrictionMark(int index) => RestrictionMarks is { } marks && index < marks.Count ? marks[index] : null;

    /// <summary>How many kept messages carry a restriction mark.</summary>
    public int RestrictedCount => RestrictionMarks?.Count(m => m is not null) ?? 0;
}
