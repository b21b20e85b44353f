using ChatArchive.Classification.Contacts;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Rules;

/// <summary>
/// What the rules know beside the text: the registered kind of the contact this message is with
/// (the sender, or for the officeholder's own message the other participants), whether the whole
/// conversation is excluded by policy, and the label of the message it answers.
/// </summary>
public readonly record struct LabelContext(
    ContactKind? Contact,
    bool ConversationExcluded,
    MessageLabel? Answered,
    MessageLabel? Previous);
