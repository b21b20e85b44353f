using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Suggestions;

/// <summary>
/// What the classifier proposes for one message. Only a suggestion: a person decides (issue 4).
/// <see cref="Reasons"/> are Dutch, first the rule that decided, then every lexicon entry that fired
/// (named as "lexicon: 'term'"). Holds no message text.
/// </summary>
public sealed record Suggestion(
    string MessageId,
    MessageLabel Label,
    double Confidence,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Reasons,
    bool ConversationExcluded = false)
{
    /// <summary>Special categories of personal data (AVG art. 9) or a BSN: flagged for review whatever the label.</summary>
    public bool SpecialCategoryData => Categories.Count > 0;
}
