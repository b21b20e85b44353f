using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Decisions;

/// <summary>One message's way through review, validation and application, with its full history.</summary>
public sealed class MessageReview
{
    private readonly List<DecisionRecord> _history = [];

    internal MessageReview(MessageUnderReview message) => Message = message;

    public MessageUnderReview Message { get; }
    public string MessageId => Message.MessageId;
    public Suggestion Suggestion => Message.Suggestion;
    public ReviewStatus Status { get; private set; } = ReviewStatus.AwaitingReview;
    public ReviewDecision? Decision { get; private set; }
    public ValidationDecision? Validation { get; private set; }
    public FinalState? Final { get; private set; }
    public DateTimeOffset? FinalAt { get; private set; }
    public IReadOnlyList<DecisionRecord> History => _history;

    /// <summary>Marked = decided private or party-political: the messages the officeholder validates (step 5–6).</summary>
    public bool IsMarked => Decision is { Label: not MessageLabel.Business };

    /// <summary>Everyone who ever took a review decision on this message.</summary>
    public IEnumerable<string> Reviewers => _history
        .Where(h => h.Kind is DecisionKind.ConfirmSuggestion or DecisionKind.ChangeLabel or DecisionKind.BulkPerConversation or DecisionKind.BulkPerContact)
        .Select(h => h.ByUserId)
        .Distinct(StringComparer.Ordinal);

    internal bool CanBeReviewed => Status is ReviewStatus.AwaitingReview or ReviewStatus.Reviewed or ReviewStatus.ReturnedToProfessional;

    /// <summary>Re-applies one stored decision (see <see cref="CleaningReview.Restore"/>); the history ends up as it was stored.</summary>
    internal void Replay(DecisionRecord r)
    {
        var actor = new Actor(r.ByUserId, r.ByRole);
        switch (r.Kind)
        {
            case DecisionKind.ConfirmSuggestion or DecisionKind.ChangeLabel or DecisionKind.BulkPerConversation or DecisionKind.BulkPerContact:
                ApplyReview(new ReviewDecision(r.Label ?? Suggestion.Label, r.Note, actor, r.At, r.Kind));
                break;
            case DecisionKind.ValidationAgreed or DecisionKind.ValidationDisagreed:
                ApplyValidation(new ValidationDecision(r.Kind == DecisionKind.ValidationAgreed, r.Note, actor, r.At));
                break;
            case DecisionKind.Applied:
                ApplyFinal(Enum.Parse<FinalState>(r.Note ?? nameof(FinalState.Kept)), actor, r.At);
                break;
        }
    }

    internal void ApplyReview(ReviewDecision decision)
    {
        Decision = decision;
        Validation = null;
        Status = ReviewStatus.Reviewed;
        _history.Add(new DecisionRecord(decision.Kind, decision.By.UserId, decision.By.Role, decision.At, decision.Label, decision.Note));
    }

    internal void ApplyValidation(ValidationDecision validation)
    {
        Validation = validation;
        Status = validation.Agrees ? ReviewStatus.Validated : ReviewStatus.ReturnedToProfessional;
        _history.Add(new DecisionRecord(
            validation.Agrees ? DecisionKind.ValidationAgreed : DecisionKind.ValidationDisagreed,
            validation.By.UserId, validation.By.Role, validation.At, Decision?.Label, validation.Note));
    }

    internal void ApplyFinal(FinalState state, Actor by, DateTimeOffset at)
    {
        Final = state;
        FinalAt = at;
        Status = ReviewStatus.Final;
        _history.Add(new DecisionRecord(DecisionKind.Applied, by.UserId, by.Role, at, Decision?.Label ?? Suggestion.Label, state.ToString()));
    }
}
