using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;

namespace ChatArchive.Classification.Decisions;

/// <summary>
/// The cleaning of one read-out (Handreiking §2.2.2 steps 4–7): the information professional decides per
/// message or in bulk, the officeholder or trustee validates what is marked private or party-political,
/// and the department's policy decides what is applied. Every operation checks everything first and
/// then changes, so a refused operation changes nothing. Not thread-safe; the workflow serializes access.
/// </summary>
public sealed class CleaningReview
{
    private readonly Dictionary<string, MessageReview> _messages;
    private readonly TimeProvider _clock;

    public CleaningReview(IEnumerable<MessageUnderReview> messages, DepartmentPolicy policy, TimeProvider? clock = null)
    {
        Policy = policy;
        _clock = clock ?? TimeProvider.System;
        _messages = new Dictionary<string, MessageReview>(StringComparer.Ordinal);
        foreach (var m in messages)
        {
            if (!_messages.TryAdd(m.MessageId, new MessageReview(m)))
            {
                throw new DecisionException($"Bericht {m.MessageId} staat twee keer in deze schoning. Elk bericht mag er één keer in staan.");
            }
        }
    }

    /// <summary>
    /// Rebuilds a review from what persistence stored: each message with its decision history, replayed in order. The
    /// rules were checked when each decision was taken; replaying restores the state they produced (status, current
    /// decision, validation, final state, reviewers), so the next operation is checked against the full history.
    /// </summary>
    public static CleaningReview Restore(IEnumerable<StoredMessageReview> stored, DepartmentPolicy policy, TimeProvider? clock = null)
    {
        var list = stored as IReadOnlyCollection<StoredMessageReview> ?? stored.ToList();
        var review = new CleaningReview(list.Select(s => s.Message), policy, clock);
        foreach (var s in list)
        {
            var m = review._messages[s.Message.MessageId];
            foreach (var record in s.History) m.Replay(record);
        }
        return review;
    }

    public DepartmentPolicy Policy { get; }

    public IReadOnlyCollection<MessageReview> Messages => _messages.Values;

    public MessageReview this[string messageId] => Get(messageId);

    /// <summary>Marked messages still waiting for the officeholder or trustee (step 5).</summary>
    public IEnumerable<MessageReview> AwaitingValidation => _messages.Values.Where(m => m.Status == ReviewStatus.Reviewed && m.IsMarked);

    /// <summary>The professional confirms the suggested label.</summary>
    public void Confirm(string messageId, Actor professional, string? note = null) =>
        Review(messageId, professional, Get(messageId).Suggestion.Label, note);

    /// <summary>The professional decides a label for one message: a confirmation when it equals the suggestion, else a change.</summary>
    public void Review(string messageId, Actor professional, MessageLabel label, string? note = null)
    {
        RequireProfessional(professional);
        var m = Get(messageId);
        RequireReviewable(m);
        var kind = label == m.Suggestion.Label ? DecisionKind.ConfirmSuggestion : DecisionKind.ChangeLabel;
        m.ApplyReview(new ReviewDecision(label, Clean(note), professional, _clock.GetUtcNow(), kind));
    }

    /// <summary>One decision for every open message of a conversation; returns how many it covered.</summary>
    public int ReviewConversation(string conversation, Actor professional, MessageLabel label, string? note = null) =>
        Bulk(m => string.Equals(m.Message.Conversation, conversation, StringComparison.Ordinal), professional, label, note, DecisionKind.BulkPerConversation, $"gesprek {conversation}");

    /// <summary>One decision for every open message with a contact; returns how many it covered.</summary>
    public int ReviewContact(string contact, Actor professional, MessageLabel label, string? note = null) =>
        Bulk(m => string.Equals(m.Message.Contact.Trim(), contact.Trim(), StringComparison.OrdinalIgnoreCase), professional, label, note, DecisionKind.BulkPerContact, "dit contact");

    /// <summary>
    /// The officeholder or trustee agrees or disagrees with a mark (step 6). Disagreement needs a note
    /// and returns the message to the professional. The validator can never be a reviewer of the message.
    /// </summary>
    public void Validate(string messageId, Actor validator, bool agrees, string? note = null)
    {
        if (validator.Role is not (Roles.Officeholder or Roles.Trustee))
        {
            throw new DecisionException("Alleen de bewindspersoon of de aangewezen vertrouwenspersoon kan valideren (Handreiking §2.2.2 stap 6). Meld je aan met die rol.");
        }
        var m = Get(messageId);
        if (m.Status != ReviewStatus.Reviewed || !m.IsMarked)
        {
            throw new DecisionException($"Bericht {messageId} wacht niet op validatie (status: {Dutch(m.Status)}). Alleen berichten die de informatieprofessional als privé of partijpolitiek heeft gemarkeerd, worden gevalideerd.");
        }
        if (m.Reviewers.Contains(validator.UserId, StringComparer.Ordinal))
        {
            throw new FourEyesViolationException($"Je hebt bericht {messageId} zelf beoordeeld en kunt het daarom niet valideren (vierogenprincipe, Handreiking §2.2.2 stap 2 en 6). Laat de bewindspersoon of een andere vertrouwenspersoon valideren.");
        }
        var cleanNote = Clean(note);
        if (!agrees && cleanNote is null)
        {
            throw new DecisionException("Geef bij oneens een toelichting, zodat de informatieprofessional weet wat er anders moet (Handreiking §2.2.2 stap 6: het gesprek aangaan).");
        }
        m.ApplyValidation(new ValidationDecision(agrees, cleanNote, validator, _clock.GetUtcNow()));
    }

    /// <summary>
    /// Step 7: applies the department's cleaning mode. Refused, changing nothing, while any message
    /// still needs a review or (with four-eyes) a validation.
    /// </summary>
    public CleaningOutcome Apply(Actor by)
    {
        RequireProfessional(by);
        var mode = Policy.Cleaning;
        if (mode != CleaningMode.None)
        {
            var open = _messages.Values.Count(m => m.Status is ReviewStatus.AwaitingReview or ReviewStatus.ReturnedToProfessional);
            var unvalidated = Policy.FourEyesRequired ? AwaitingValidation.Count() : 0;
            if (open > 0 || unvalidated > 0)
            {
                throw new DecisionException(
                    $"De schoning kan nog niet worden afgerond: {open} bericht(en) wachten op een beoordeling en {unvalidated} gemarkeerde bericht(en) op validatie. Rond die eerst af.");
            }
        }
        if (_messages.Values.Any(m => m.Status == ReviewStatus.Final))
        {
            throw new DecisionException("Deze schoning is al afgerond. Start een nieuwe schoning voor een nieuwe uitlezing.");
        }

        var at = _clock.GetUtcNow();
        var states = new Dictionary<string, FinalState>(StringComparer.Ordinal);
        var removals = new List<RemovalRecord>();
        foreach (var m in _messages.Values)
        {
            var state = mode switch
            {
                CleaningMode.None => FinalState.Kept,
                _ when !m.IsMarked => FinalState.Kept,
                CleaningMode.Mark => FinalState.Marked,
                _ => FinalState.Removed,
            };
            states[m.MessageId] = state;
            if (state == FinalState.Removed)
            {
                var d = m.Decision!;
                removals.Add(new RemovalRecord(m.MessageId, m.Message.Fingerprint, d.Label, d.By.UserId, d.At,
                    m.Validation?.By.UserId, m.Validation?.At, by.UserId, at));
            }
        }
        foreach (var m in _messages.Values) m.ApplyFinal(states[m.MessageId], by, at);
        return new CleaningOutcome(states, removals, mode, Policy.KeepRawDataset);
    }

    private int Bulk(Func<MessageReview, bool> inScope, Actor professional, MessageLabel label, string? note, DecisionKind kind, string scopeName)
    {
        RequireProfessional(professional);
        var targets = _messages.Values.Where(inScope).Where(m => m.CanBeReviewed).ToList();
        if (targets.Count == 0)
        {
            throw new DecisionException($"Er zijn geen open berichten voor {scopeName}. Controleer de keuze; gevalideerde of afgeronde berichten worden niet opnieuw beoordeeld.");
        }
        var at = _clock.GetUtcNow();
        var cleanNote = Clean(note);
        foreach (var m in targets) m.ApplyReview(new ReviewDecision(label, cleanNote, professional, at, kind));
        return targets.Count;
    }

    private MessageReview Get(string messageId) =>
        _messages.TryGetValue(messageId, out var m)
            ? m
            : throw new DecisionException($"Bericht {messageId} hoort niet bij deze schoning. Controleer het berichtnummer.");

    private static void RequireProfessional(Actor actor)
    {
        if (actor.Role != Roles.InformationProfessional)
        {
            throw new DecisionException("Alleen een informatieprofessional beoordeelt en rondt de schoning af (Handreiking §2.2.2 stap 4 en 7). Meld je aan met die rol.");
        }
    }

    private static void RequireReviewable(MessageReview m)
    {
        if (!m.CanBeReviewed)
        {
            throw new DecisionException($"Bericht {m.MessageId} is al {Dutch(m.Status)} en kan niet opnieuw worden beoordeeld.");
        }
    }

    private static string? Clean(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    private static string Dutch(ReviewStatus s) => s switch
    {
        ReviewStatus.AwaitingReview => "nog niet beoordeeld",
        ReviewStatus.Reviewed => "beoordeeld",
        ReviewStatus.ReturnedToProfessional => "teruggestuurd naar de informatieprofessional",
        ReviewStatus.Validated => "gevalideerd",
        _ => "afgerond",
    };
}
