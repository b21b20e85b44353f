using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Rules;

/// <summary>The label a rule chose, how sure it is, and the Dutch reason of that rule.</summary>
public readonly record struct LabelVerdict(MessageLabel Label, double Confidence, string Reason);
