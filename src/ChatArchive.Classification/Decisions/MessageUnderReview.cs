using ChatArchive.Classification.Suggestions;

namespace ChatArchive.Classification.Decisions;

/// <summary>
/// A message entering review: its id, conversation and contact (the keys for bulk decisions),
/// its fingerprint (issue 3) and the classifier's suggestion. No text: the review needs none.
/// </summary>
public sealed record MessageUnderReview(string MessageId, string Conversation, string Contact, string Fingerprint, Suggestion Suggestion);
