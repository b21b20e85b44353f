namespace ChatArchive.Classification.Decisions;

/// <summary>
/// A message as persistence stored it: the message under review and its decision history, oldest first
/// (<see cref="MessageReview.History"/>). <see cref="CleaningReview.Restore"/> rebuilds the review from it.
/// </summary>
public sealed record StoredMessageReview(MessageUnderReview Message, IReadOnlyList<DecisionRecord> History);
