using ChatArchive.Domain.Messages;

namespace ChatArchive.Sealing.Input;

/// <summary>
/// A conversation as it is to be sealed: <see cref="Conversation"/> holds only the messages that were kept
/// (Handreiking §2.2.2 step 7), in any order; the package writes them ordered by time.
/// </summary>
public sealed record ConversationToSeal(string ConversationId, CanonicalConversation Conversation);
