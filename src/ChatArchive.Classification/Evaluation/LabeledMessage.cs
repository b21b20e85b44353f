using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Evaluation;

/// <summary>One line of the evaluation set: a message and what a person would decide.</summary>
public sealed record LabeledMessage(MessageToClassify Message, MessageLabel Expected, IReadOnlyList<string> ExpectedCategories, bool ExpectedBsn);
