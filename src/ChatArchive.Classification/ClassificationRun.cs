using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Learning;
using ChatArchive.Classification.Matching;
using ChatArchive.Classification.Rules;
using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Classification;

/// <summary>
/// Classifies messages of one officeholder. <see cref="Classify"/> is the streaming rule stage: in
/// conversation order, remembering each conversation's last label and each message's label so
/// acknowledgements follow what they answer. <see cref="ClassifyAll"/> is the full pipeline: it first
/// reads every message's own content, then classifies each with its conversation as context (what the
/// conversation is mostly about, the neighbours before and after). Both apply the reviewer's earlier
/// decisions when a <see cref="ReviewerHistory"/> is given and learning is on. One run per worker (not
/// thread-safe); it reuses its buffers so the rule stage allocates little.
/// </summary>
public sealed class ClassificationRun
{
    private readonly MessageClassifier _classifier;
    private readonly ContactRegistry _contacts;
    private readonly DepartmentPolicy _policy;
    private readonly ConversationParticipants _participants;
    private readonly ReviewerHistory _history;
    private readonly LearningOptions _learning;
    private readonly TokenBuffer _tokens = new();
    private readonly List<LexiconHit> _hits = new(16);
    private readonly Evidence _evidence = new();
    private readonly List<int> _buckets = new(64);
    private string? _officeholder;
    private readonly Dictionary<string, (MessageLabel? Label, string Sender, int Carry, int Special)> _lastInConversation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (MessageLabel? Label, int Special, string Sender)> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContactKind?> _conversationKind = new(StringComparer.Ordinal);

    internal ClassificationRun(MessageClassifier classifier, ContactRegistry contacts, DepartmentPolicy policy, ConversationParticipants participants,
        ReviewerHistory? history, LearningOptions? learning)
    {
        _classifier = classifier;
        _contacts = contacts;
        _policy = policy;
        _participants = participants;
        _history = history ?? ReviewerHistory.Empty;
        _learning = learning ?? LearningOptions.On;
    }

    /// <summary>The officeholder's sender name, when known; otherwise one unregistered participant is assumed to be the officeholder.</summary>
    public string? Officeholder { get => _officeholder; init => _officeholder = value; }

    /// <summary>The rule stage for one message, in conversation order (no look-ahead).</summary>
    public Suggestion Classify(MessageToClassify message)
    {
        _classifier.Collect(message.Text, _tokens, _hits, _evidence);
        return Decide(message, next: null, leaning: null);
    }

    /// <summary>
    /// The full pipeline over a whole read-out (or any set of whole conversations): suggestions in input order.
    /// Messages of one conversation are expected in the order they were sent.
    /// </summary>
    public IReadOnlyList<Suggestion> ClassifyAll(IReadOnlyList<MessageToClassify> messages)
    {
        var n = messages.Count;
        _officeholder ??= LikelyOfficeholder(messages);
        // Pass 1: each message's own content (no context), and the next message of the same conversation.
        var content = new MessageLabel?[n];
        var next = new int[n];
        var previousIndex = new int[n];
        var lastIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        // The statistical stage reads each message's text once: its sums for every part (itself, as a neighbour, as one message of its conversation).
        var model = _classifier.Model;
        const int width = Statistics.TextModel.Parts * Statistics.TextModel.Classes;
        var parts = model is null ? [] : new double[n * width];
        var conversationSums = model is null ? null : new Dictionary<string, (double[] Sums, int Count)>(StringComparer.Ordinal);
        // The special-category model reads the same feature buckets: each message's probability per code.
        var special = _classifier.Special;
        var codes = Statistics.SpecialCategoryModel.Count;
        var specialWidth = Statistics.SpecialCategoryModel.Width;
        var specialParts = special is null ? [] : new double[n * specialWidth];
        var specialSums = special is null ? null : new Dictionary<string, (double[] Sums, int Count)>(StringComparer.Ordinal);
        var tallies = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var tones = new Dictionary<string, ConversationTone>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var m = messages[i];
            next[i] = -1;
            previousIndex[i] = -1;
            if (lastIndex.TryGetValue(m.Conversation, out var before)) (next[before], previousIndex[i]) = (i, before);
            lastIndex[m.Conversation] = i;

            _classifier.Collect(m.Text, _tokens, _hits, _evidence);
            if (model is not null || special is not null) Statistics.HashedFeatures.Fill(_tokens, _buckets);
            var buckets = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buckets);
            if (special is not null)
            {
                var own = specialParts.AsSpan(i * specialWidth, specialWidth);
                special.ScoreParts(buckets, own);
                ref var sums = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(specialSums!, m.Conversation, out var known);
                if (!known) sums = (new double[specialWidth], 0);
                for (var k = 0; k < specialWidth; k++) sums.Sums[k] += own[k];
                sums.Count++;
            }
            if (model is not null)
            {
                var own = parts.AsSpan(i * width, width);
                model.ScoreParts(buckets, own);
                ref var sums = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(conversationSums!, m.Conversation, out var known);
                if (!known) sums = (new double[width], 0);
                for (var k = 0; k < width; k++) sums.Sums[k] += own[k];
                sums.Count++;
            }
            ref var tone = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(tones, m.Conversation, out _);
            tone.Add(_evidence, m.Text);
            var verdict = LabelRules.Decide(_evidence, default);
            if (LabelRules.IsContentVerdict(verdict.Reason))
            {
                content[i] = verdict.Label;
            }
            else
            {
                // The statistical stage counts towards what the conversation is about, not as the message's own content.
                if (!_classifier.ModelInLeaning) continue;
                verdict = _classifier.Statistical(_tokens, _evidence, verdict, default);
                if (ReferenceEquals(verdict.Reason, LabelRules.UncertainReason)) continue;
            }
            if (!tallies.TryGetValue(m.Conversation, out var t)) tallies[m.Conversation] = t = new int[3];
            t[(int)verdict.Label]++;
        }

        // What each conversation is mostly about.
        var leaning = new Dictionary<string, MessageLabel?>(StringComparer.Ordinal);
        foreach (var conversation in lastIndex.Keys)
        {
            var t = tallies.TryGetValue(conversation, out var found) ? found : null;
            leaning[conversation] = Leaning(t, KindOf(conversation)) ?? Leaning(t, _participants.AnyRegisteredKind(conversation, _contacts), partly: true);
        }

        // Pass 2: every message with its conversation as context.
        var result = new Suggestion[n];
        // The model's probabilities with the conversation as context, then for the message's own words alone.
        Span<double> probabilities = stackalloc double[2 * Statistics.TextModel.Classes];
        Span<double> specialP = stackalloc double[codes];
        for (var i = 0; i < n; i++)
        {
            var m = messages[i];
            _classifier.Collect(m.Text, _tokens, _hits, _evidence);
            if (model is not null)
            {
                var (sums, count) = conversationSums![m.Conversation];
                var contact = _contacts.Find(m.Sender) ?? KindOf(m.Conversation);
                var own = parts.AsSpan(i * width, width);
                model.Combine(own, previousIndex[i] >= 0 ? parts.AsSpan(previousIndex[i] * width, width) : default,
                    next[i] >= 0 ? parts.AsSpan(next[i] * width, width) : default, sums, count, contact, probabilities[..Statistics.TextModel.Classes]);
                model.Combine(own, default, default, own, 1, contact, probabilities[Statistics.TextModel.Classes..]);
            }
            if (special is not null)
            {
                var (sums, count) = specialSums![m.Conversation];
                special.Combine(specialParts.AsSpan(i * specialWidth, specialWidth),
                    previousIndex[i] >= 0 ? specialParts.AsSpan(previousIndex[i] * specialWidth, specialWidth) : default,
                    next[i] >= 0 ? specialParts.AsSpan(next[i] * specialWidth, specialWidth) : default, sums, count,
                    _contacts.Find(m.Sender) ?? KindOf(m.Conversation), specialP);
            }
            result[i] = Decide(m, next[i] >= 0 ? content[next[i]] : null, leaning[m.Conversation], tones[m.Conversation].IsPersonalChat,
                model is null ? default : probabilities, special is null ? default : specialP);
        }
        return result;
    }

    /// <summary>
    /// Private (or party-political) when such content outweighs business content at least two to one
    /// with at least two such messages; with registered private or party contacts only, their kind
    /// unless business content is the majority. Null means mostly business or unknown.
    /// </summary>
    internal static MessageLabel? Leaning(int[]? tally, ContactKind? registered, bool partly = false)
    {
        if (partly && registered is null) return null;
        var business = tally?[(int)MessageLabel.Business] ?? 0;
        var privateCount = tally?[(int)MessageLabel.Private] ?? 0;
        var party = tally?[(int)MessageLabel.PartyPolitical] ?? 0;
        var other = privateCount + party;
        if (registered is { } kind)
        {
            if (business > other || (partly && business > 0 && other == 0)) return null;
            if (other == 0) return kind == ContactKind.Private ? MessageLabel.Private : MessageLabel.PartyPolitical;
        }
        else if (other < 2 || other < 2 * business)
        {
            return null;
        }
        return party > privateCount ? MessageLabel.PartyPolitical : MessageLabel.Private;
    }

    /// <summary>
    /// The officeholder's own sender name when not given: a read-out is one officeholder's phone, so the
    /// sender that takes part in the most conversations (more than half of them, at least two) is taken.
    /// </summary>
    internal static string? LikelyOfficeholder(IReadOnlyList<MessageToClassify> messages)
    {
        var seen = new HashSet<(string, string)>();
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var conversations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in messages)
        {
            conversations.Add(m.Conversation);
            var sender = m.Sender.Trim();
            if (seen.Add((m.Conversation, sender.ToUpperInvariant()))) counts[sender] = counts.GetValueOrDefault(sender) + 1;
        }
        var best = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).FirstOrDefault();
        return best.Key is not null && best.Value >= 2 && best.Value * 2 > conversations.Count ? best.Key : null;
    }

    private ContactKind? KindOf(string conversation)
    {
        if (!_conversationKind.TryGetValue(conversation, out var kind))
        {
            kind = _participants.RegisteredKind(conversation, _contacts, _officeholder);
            _conversationKind[conversation] = kind;
        }
        return kind;
    }

    private Suggestion Decide(MessageToClassify message, MessageLabel? next, MessageLabel? leaning, bool personalChat = false,
        ReadOnlySpan<double> probabilities = default, ReadOnlySpan<double> special = default)
    {
        var conversationKind = KindOf(message.Conversation);
        // The contact of this message: the sender when registered, else (the officeholder's own message) the registered counterpart.
        var contact = _contacts.Find(message.Sender) ?? conversationKind;
        var excluded = _policy.ExcludePrivateContacts && conversationKind is not null;

        MessageLabel? answered = null;
        var answeredSpecial = -1;
        string? addressee = null;
        if (message.ReplyTo is not null && _byId.TryGetValue(message.ReplyTo, out var a)) (answered, answeredSpecial, addressee) = (a.Label, a.Special, a.Sender);
        MessageLabel? previous = null;
        var previousFromOther = true;
        var carry = 0;
        var previousSpecial = 0;
        var afterUncertain = false;
        if (_lastInConversation.TryGetValue(message.Conversation, out var p))
        {
            previousSpecial = p.Special;
            carry = p.Carry;
            previous = p.Label;
            afterUncertain = p.Label is null;
            previousFromOther = !string.Equals(p.Sender, message.Sender, StringComparison.OrdinalIgnoreCase);
            if (previousFromOther) addressee ??= p.Sender;
        }

        var context = new LabelContext(contact, excluded, answered, previous, next, leaning, previousFromOther, carry, afterUncertain, personalChat);
        var verdict = _classifier.Statistical(_tokens, _evidence, LabelRules.Decide(_evidence, context), context, probabilities);
        var learned = _learning.Enabled && !_history.IsEmpty ? Learn(message, verdict) : default;
        var suggestion = _classifier.Build(message.Id, _evidence, context, verdict, learned, answeredSpecial >= 0 ? answeredSpecial : previousSpecial,
            Detection.SameSexPartner.Detect(message.Sender, _tokens, addressee), Detection.PartyVote.Detect(_tokens), Detection.PersonBodyPart.Detect(_tokens), Detection.PartyMembership.Detect(_tokens), special);
        // The default "bij twijfel zakelijk" without any business word is no evidence: it does not carry to the next message.
        // A reply to a business message is part of that exchange (the officeholder's answer to a friend's policy question): it carries.
        // The statistical stage's private or party-political label does not carry either: a reply after it is judged on its own.
        var positive = learned.Override || !(ReferenceEquals(verdict.Reason, LabelRules.UncertainReason) || IsStatisticalAway(verdict.Reason))
            || _evidence.Business >= LabelRules.Weak || answered == MessageLabel.Business;
        var nextCarry = ReferenceEquals(verdict.Reason, LabelRules.BusinessExchangeReason) ? carry + 1
            : ReferenceEquals(verdict.Reason, LabelRules.AcknowledgementReason) ? carry : 0;
        // A reply takes over the special categories of the message it answers only when the rules found them there: the model
        // already reads the message before each message (its own flags do not carry).
        var specialMask = SpecialMask(suggestion.Categories) & ~_classifier.FlaggedByModelOnly(suggestion);
        _lastInConversation[message.Conversation] = (positive ? suggestion.Label : null, message.Sender, nextCarry, specialMask);
        _byId[message.Id] = (positive || !IsStatisticalAway(verdict.Reason) ? suggestion.Label : null, specialMask, message.Sender);
        return suggestion;
    }

    private static bool IsStatisticalAway(string reason) =>
        ReferenceEquals(reason, LabelRules.StatisticalPrivateReason) || ReferenceEquals(reason, LabelRules.StatisticalPartyReason);

    internal static int SpecialMask(IReadOnlyList<string> categories)
    {
        var mask = 0;
        foreach (var category in categories)
        {
            var index = SpecialIndex.Of(category);
            if (index >= 0) mask |= 1 << index;
        }
        return mask;
    }

    /// <summary>
    /// What the reviewer decided earlier: the same message (fingerprint) decides outright; otherwise the
    /// conversation, or else the contact, when it was decided consistently. Earlier decisions never
    /// override a verdict that rests on the message's own content, and never move a message with any
    /// business word away from business (the veto of <see cref="LabelRules"/>).
    /// </summary>
    private Learned Learn(MessageToClassify message, LabelVerdict verdict)
    {
        if (_history.ForFingerprint(message.Fingerprint) is { } same)
        {
            return new Learned(same, 0.9, Reasons.SameMessage(same), Override: true);
        }
        var tally = _history.ForConversation(message.Conversation);
        var scope = Reasons.InConversation;
        if (!Consistent(tally))
        {
            var isOfficeholder = _officeholder is not null && string.Equals(message.Sender.Trim(), _officeholder.Trim(), StringComparison.OrdinalIgnoreCase);
            tally = isOfficeholder ? null : _history.ForContact(message.Sender);
            scope = Reasons.WithContact;
            if (!Consistent(tally)) return default;
        }
        var label = tally!.Majority;
        var reason = Reasons.Earlier(label, tally[label], tally.Total, scope);
        if (label == verdict.Label) return new Learned(label, Math.Min(0.95, verdict.Confidence + 0.1), reason, Override: false);
        if (LabelRules.IsContentVerdict(verdict.Reason)) return default;
        if (label != MessageLabel.Business && _evidence.Business >= LabelRules.Weak) return default;
        return new Learned(label, 0.75, reason, Override: true);
    }

    private bool Consistent(ReviewerHistory.Tally? tally) =>
        tally is not null && tally.Total >= _learning.MinimumDecisions && tally[tally.Majority] >= _learning.MinimumShare * tally.Total;

    /// <summary>A label learned from the reviewer: <see cref="Override"/> replaces the rules' label, otherwise it only supports it.</summary>
    internal readonly record struct Learned(MessageLabel Label, double Confidence, string? Reason, bool Override);

    /// <summary>The Dutch reasons for learned suggestions.</summary>
    public static class Reasons
    {
        public const string InConversation = "in dit gesprek";
        public const string WithContact = "van dit contact";

        public static string Earlier(MessageLabel label, int count, int total, string scope) =>
            $"eerder door de informatieprofessional als {MessageLabels.Dutch(label)} beoordeeld, {count} van {total} berichten {scope}";

        public static string SameMessage(MessageLabel label) =>
            $"eerder door de informatieprofessional als {MessageLabels.Dutch(label)} beoordeeld: hetzelfde bericht in een eerdere uitlezing";
    }
}
