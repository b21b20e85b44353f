using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Learning;
using ChatArchive.Classification.Lexicons;
using ChatArchive.Classification.Matching;
using ChatArchive.Classification.Rules;
using ChatArchive.Classification.Statistics;
using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Classification;

/// <summary>
/// The rule stage: lexicons + contact rules + special-category detectors → a suggestion with reasons.
/// Immutable and shareable; each <see cref="ClassificationRun"/> holds the per-conversation state.
/// </summary>
public sealed class MessageClassifier
{
    /// <summary>Above this many words a message is never a short acknowledgement.</summary>
    public const int MaxAcknowledgementWords = 6;

    private readonly string[] _entryReasons;
    private readonly int[] _specialIndexOf;
    private readonly string[] _specialReasons;
    private readonly string[] _specialModelReasons;
    private readonly bool[] _wellWish;
    private readonly bool[] _congratulation;

    public MessageClassifier(LexiconSet lexicons, TextModel? model = null, SpecialCategoryModel? special = null)
    {
        Lexicons = lexicons;
        Model = model;
        Special = special;
        Matcher = new LexiconMatcher(lexicons.Entries);
        var entries = lexicons.Entries;
        _entryReasons = entries.Select(e => $"{e.Category.Reason} ({e.Source})").ToArray();
        _wellWish = entries.Select(e => e.Weight > 0 && e.Category.Name is "private/get-well" or "private/condolence").ToArray();
        _congratulation = entries.Select(e => e.Weight >= 1 && e.Category.Name == "private/congratulation").ToArray();
        _specialIndexOf = entries.Select(e => e.Category.SpecialCategory is { } s ? SpecialIndex.Of(s) : -1).ToArray();
        _specialReasons = SpecialIndex.Names
            .Select(n => LexiconCategory.All.First(c => c.SpecialCategory == n).Reason)
            .ToArray();
        _specialModelReasons = _specialReasons.Select(SpecialModelReason).ToArray();
    }

    /// <summary>The codes (bit per <see cref="SpecialIndex"/>) that only the special-category model flagged in this suggestion.</summary>
    internal int FlaggedByModelOnly(Suggestion suggestion)
    {
        var mask = 0;
        if (Special is null) return mask;
        foreach (var reason in suggestion.Reasons)
        {
            var s = Array.IndexOf(_specialModelReasons, reason);
            if (s >= 0) mask |= 1 << s;
        }
        return mask;
    }

    /// <summary>The reason when the special-category model flags a code: the code's own reason, said to come from the model.</summary>
    public static string SpecialModelReason(string specialReason) =>
        $"taalmodel: lijkt op beoordeelde berichten met deze gegevens (woordkeus, vergeleken met berichten van andere schrijvers): {specialReason}; " +
        "ter beoordeling bij het schonen (Handreiking §2.2.2, stap 4; Handreiking §1.5.1)";

    /// <summary>The shipped lexicons plus, when given, a department folder.</summary>
    public static MessageClassifier Create(string? departmentLexiconFolder = null) =>
        new(LexiconSet.Load(departmentLexiconFolder), TextModel.LoadShipped(), SpecialCategoryModel.LoadShipped());

    /// <summary>
    /// The same lexicons and special-category model with another statistical model for the labels (null: the labels by the rules only),
    /// for example one trained in a cross-validation fold.
    /// </summary>
    public MessageClassifier WithModel(TextModel? model, double? threshold = null, bool? inLeaning = null, double? businessThreshold = null, double? veto = null) =>
        With(model, Special, threshold, inLeaning, businessThreshold, veto);

    /// <summary>The same classifier with another special-category model (null: special categories by the rules only).</summary>
    public MessageClassifier WithSpecialModel(SpecialCategoryModel? special) => With(Model, special);

    /// <summary>Rules only: no statistical stage for the labels nor for the special categories.</summary>
    public MessageClassifier RulesOnly() => With(null, null);

    private MessageClassifier With(TextModel? model, SpecialCategoryModel? special, double? threshold = null, bool? inLeaning = null, double? businessThreshold = null,
        double? veto = null) =>
        new(Lexicons, model, special)
        {
            ModelThreshold = threshold ?? ModelThreshold, ModelInLeaning = inLeaning ?? ModelInLeaning,
            ModelBusinessThreshold = businessThreshold ?? ModelBusinessThreshold, ModelVeto = veto ?? ModelVeto,
        };

    /// <summary>The statistical stage, or null (rules only). Asked only when the rules found nothing: see <see cref="ClassificationRun"/>.</summary>
    public TextModel? Model { get; }

    /// <summary>The statistical stage for special categories (one model per code), or null (the rules only). Only in the full pipeline.</summary>
    public SpecialCategoryModel? Special { get; }

    /// <summary>
    /// The model moves a message away from "bij twijfel zakelijk" only when it gives private or
    /// party-political at least this probability. Chosen by leave-one-author-out evaluation (bench/Classification/train.sh) as the
    /// setting that keeps business suggested as private or party-political at or below the rules' own level over all authors (1.9 %
    /// against 2.0 %, private+party recall 76.8 % against 74.2 %); lower thresholds buy recall with business messages (0.95: 2.2 %).
    /// </summary>
    public double ModelThreshold { get; init; } = DefaultModelThreshold;

    public const double DefaultModelThreshold = 0.97;

    /// <summary>
    /// The model moves a message the rules made private or party-political without content of its own (contact, thread,
    /// conversation) back to business when it gives business at least this probability; 1 or more: never.
    /// </summary>
    public double ModelBusinessThreshold { get; init; } = DefaultModelBusinessThreshold;

    public const double DefaultModelBusinessThreshold = 0.5;

    /// <summary>
    /// A reply that follows the private or party-political exchange it answers ("Dank je!" to a congratulation) is moved back to
    /// business only from this probability of business, or <see cref="ModelBusinessThreshold"/> when that is higher.
    /// </summary>
    public const double ReplyBusinessThreshold = 0.7;


    /// <summary>
    /// The veto: a message with business words of at least this summed weight is never moved away from business by the model
    /// (<see cref="LabelRules.Weak"/>: any one word such as "trein" or "klopt het dat"; smaller: any business word at all).
    /// </summary>
    public double ModelVeto { get; init; } = DefaultModelVeto;

    public const double DefaultModelVeto = 0.01;

    /// <summary>
    /// Whether the model's verdicts also count towards what a conversation is mostly about (pass 1 of the full pipeline).
    /// Off: in the cross-validation it bought no recall and cost business messages.
    /// </summary>
    public bool ModelInLeaning { get; init; }

    public LexiconSet Lexicons { get; }

    public LexiconMatcher Matcher { get; }

    public const string BsnReason = "bevat mogelijk BSN";

    /// <summary>
    /// A run over one officeholder's messages. <paramref name="history"/> holds the reviewer's earlier
    /// decisions for this officeholder; <paramref name="learning"/> (default: on) is the department's switch.
    /// </summary>
    public ClassificationRun StartRun(ContactRegistry contacts, DepartmentPolicy policy, ConversationParticipants? participants = null,
        ReviewerHistory? history = null, LearningOptions? learning = null, string? officeholder = null) =>
        new(this, contacts, policy, participants ?? ConversationParticipants.None, history, learning) { Officeholder = officeholder };

    public const string SameSexPartnerReason = "noemt een partner van hetzelfde geslacht als de schrijver: bevat mogelijk gegevens over seksuele gerichtheid";

    public const string PartyVoteReason = "noemt op wie iemand stemt: bevat mogelijk politieke opvattingen van derden";

    public const string PartyMembershipReason = "noemt dat iemand lid wordt van een partij, zijn lidmaatschap opzegt of er kiezer van is: bevat mogelijk politieke opvattingen van derden";

    public const string BodyPartReason = "noemt een lichaamsdeel van iemand (zijn knie, haar longen): bevat mogelijk gezondheidsgegevens";

    public const string HealthFollowUpReason = "wenst beterschap of sterkte na gezondheidsgegevens in het vorige bericht: bevat mogelijk gezondheidsgegevens";

    /// <summary>The reason when a reply takes a special category from the message it reacts to (Handreiking §2.2.2, stap 4).</summary>
    public static string FollowUpReason(string specialReason) => $"reageert met medeleven of bezorgdheid op het bericht ervoor: {specialReason}";

    /// <summary>Whether the message wishes someone well (get-well wishes, sympathy): about the health of the person just mentioned.</summary>
    internal bool WishesWell(Evidence evidence)
    {
        foreach (var index in evidence.Fired)
        {
            if (_wellWish[index]) return true;
        }
        return false;
    }

    /// <summary>Whether the message congratulates (a wedding, moving in together): it comments on the couple's news in the message it answers.</summary>
    internal bool Congratulates(Evidence evidence)
    {
        foreach (var index in evidence.Fired)
        {
            if (_congratulation[index]) return true;
        }
        return false;
    }

    /// <param name="reactsTo">Special categories (bit per <see cref="SpecialIndex"/>) of the message this one answers, or else of the one before it:
    /// a reply that wishes well or reacts with sympathy, shock or concern is about the same person and fact.</param>
    /// <param name="sameSexPartner">The writer names a partner of the same sex (<see cref="Detection.SameSexPartner"/>).</param>
    /// <param name="partyVote">The message says whom someone votes for (<see cref="Detection.PartyVote"/>).</param>
    /// <param name="partyMembership">The message says someone joins or leaves a party (<see cref="Detection.PartyMembership"/>).</param>
    /// <param name="bodyPart">The message names someone's body part (<see cref="Detection.PersonBodyPart"/>).</param>
    internal Suggestion Build(string messageId, Evidence evidence, in LabelContext context, in LabelVerdict verdict, in ClassificationRun.Learned learned,
        int reactsTo = 0, bool sameSexPartner = false, bool partyVote = false, bool bodyPart = false, bool partyMembership = false,
        ReadOnlySpan<double> special = default)
    {
        var label = learned.Override ? learned.Label : verdict.Label;
        var confidence = learned.Reason is null ? verdict.Confidence : learned.Confidence;
        var categories = new List<string>(2);
        var reasons = new List<string>(evidence.Fired.Count + 4);
        // An override replaces the rule's reason (which argued for the other label); support follows it.
        reasons.Add(learned.Override ? learned.Reason! : verdict.Reason);
        if (learned.Reason is not null && !learned.Override) reasons.Add(learned.Reason);
        if (context.ConversationExcluded && label != Domain.Messages.MessageLabel.Business) reasons.Add(LabelRules.ExcludedReason);
        for (var s = 0; s < SpecialIndex.Count; s++)
        {
            if (evidence.Special(s) >= LabelRules.Strong)
            {
                categories.Add(SpecialIndex.Names[s]);
                reasons.Add(_specialReasons[s]);
            }
        }
        // The detectors of "someone + attribute": each adds its category once, with its own reason.
        Detected(sameSexPartner, SpecialCategories.SexualOrientation, SameSexPartnerReason);
        Detected(partyVote, SpecialCategories.PoliticalOpinion, PartyVoteReason);
        Detected(partyMembership, SpecialCategories.PoliticalOpinion, PartyMembershipReason);
        Detected(bodyPart, SpecialCategories.Health, BodyPartReason);
        var reacts = evidence.Reaction >= LabelRules.Strong || WishesWell(evidence);
        if (reactsTo != 0)
        {
            var congratulates = Congratulates(evidence);
            for (var s = 0; s < SpecialIndex.Count; s++)
            {
                if ((reactsTo & (1 << s)) == 0 || categories.Contains(SpecialIndex.Names[s])) continue;
                // A weak word of the same category in the reply ("wat fijn dat ze weer opknapt", "die rechtszaak") is about the same person and fact.
                var sameSubject = evidence.Special(s) > 0;
                // Congratulations comment on a couple's news (a wedding, moving in together), not on an illness or a feast.
                if (!reacts && !sameSubject && !(congratulates && SpecialIndex.Names[s] == SpecialCategories.SexualOrientation)) continue;
                categories.Add(SpecialIndex.Names[s]);
                reasons.Add(SpecialIndex.Names[s] == SpecialCategories.Health ? HealthFollowUpReason : FollowUpReason(_specialReasons[s]));
            }
        }
        // The statistical stage after the rules (hard evidence and follow-ups keep their own reasons): everyday phrasing the lexicons
        // do not know, per code from its own threshold.
        if (!special.IsEmpty && Special is { } model)
        {
            for (var s = 0; s < SpecialIndex.Count; s++)
            {
                if (special[s] >= model.Thresholds[s]) Detected(true, SpecialIndex.Names[s], _specialModelReasons[s]);
            }
        }
        if (evidence.BsnCount > 0)
        {
            categories.Add(SpecialCategories.Bsn);
            reasons.Add(BsnReason);
        }
        foreach (var index in evidence.Fired) reasons.Add(_entryReasons[index]);
        return new Suggestion(messageId, label, confidence, categories, reasons, context.ConversationExcluded);

        void Detected(bool found, string category, string reason)
        {
            if (!found || categories.Contains(category)) return;
            categories.Add(category);
            reasons.Add(reason);
        }
    }

    /// <summary>
    /// The statistical stage under the rules' veto. <paramref name="probabilities"/> are the model's with the conversation as
    /// context, then the model's for the message's own words alone (from <see cref="ClassificationRun.ClassifyAll"/>); empty: the
    /// message is scored on its own from the tokens of the last <see cref="Collect"/>.
    /// <list type="bullet">
    /// <item>Away from business: only a message the rules left business without evidence of its own (not business by its
    /// content, no business word of weight <see cref="ModelVeto"/> or more), when the model gives private or party-political
    /// at least <see cref="ModelThreshold"/>: business is never moved away without positive evidence.</item>
    /// <item>Back to business: a message the rules moved to private or party-political without content of its own (by its
    /// contact, its thread or its conversation), when the model gives business at least <see cref="ModelBusinessThreshold"/>
    /// (a reply that follows its exchange: <see cref="ReplyBusinessThreshold"/>) both reading the message with its conversation
    /// and on its own words: bij twijfel zakelijk. Not in the streaming rule stage (no context).</item>
    /// </list>
    /// </summary>
    internal LabelVerdict Statistical(TokenBuffer tokens, Evidence evidence, in LabelVerdict verdict, in LabelContext context, ReadOnlySpan<double> probabilities = default)
    {
        if (Model is null || evidence.Words == 0 || LabelRules.IsContentVerdict(verdict.Reason)) return verdict;
        // Without the conversation (the streaming rule stage) the model is asked only for "bij twijfel zakelijk".
        if (probabilities.IsEmpty && !ReferenceEquals(verdict.Reason, LabelRules.UncertainReason)) return verdict;
        var toBusiness = verdict.Label != Domain.Messages.MessageLabel.Business;
        if (!toBusiness && evidence.Business >= ModelVeto) return verdict;
        // Back to business only with the conversation as context (the full pipeline): a short reply scored alone looks business.
        // A reply follows the exchange it answers (an acknowledgement, "Dank je!" to a congratulation): only a label that rests on
        // the contact or the conversation as a whole is weighed again.
        if (toBusiness && (ModelBusinessThreshold >= 1 || probabilities.IsEmpty)) return verdict;
        Span<double> p = stackalloc double[TextModel.Classes];
        if (probabilities.IsEmpty) Model.Score(tokens, p);
        else probabilities[..TextModel.Classes].CopyTo(p);
        var businessP = p[(int)Domain.Messages.MessageLabel.Business];
        var privateP = p[(int)Domain.Messages.MessageLabel.Private];
        var partyP = p[(int)Domain.Messages.MessageLabel.PartyPolitical];
        if (toBusiness)
        {
            // The message's own words must say business too: a family message after one business question is not business by its neighbours.
            // A label that rests only on the contact or the conversation as a whole is weighed at the business threshold; a reply that
            // follows its exchange needs more.
            var threshold = LabelRules.IsContactOrConversationVerdict(verdict.Reason) ? ModelBusinessThreshold : Math.Max(ModelBusinessThreshold, ReplyBusinessThreshold);
            return businessP >= threshold && probabilities[TextModel.Classes + (int)Domain.Messages.MessageLabel.Business] >= threshold
                ? new LabelVerdict(Domain.Messages.MessageLabel.Business, Math.Round(Math.Min(0.7, businessP - 0.1), 2), LabelRules.StatisticalBusinessReason)
                : verdict;
        }
        if (privateP >= ModelThreshold && privateP >= partyP)
        {
            return new LabelVerdict(Domain.Messages.MessageLabel.Private, Math.Round(Math.Min(0.7, privateP - 0.1), 2), LabelRules.StatisticalPrivateReason);
        }
        if (partyP >= ModelThreshold)
        {
            return new LabelVerdict(Domain.Messages.MessageLabel.PartyPolitical, Math.Round(Math.Min(0.7, partyP - 0.1), 2), LabelRules.StatisticalPartyReason);
        }
        return verdict;
    }

    internal void Collect(string text, TokenBuffer tokens, List<LexiconHit> hits, Evidence evidence)
    {
        tokens.Fill(text);
        Matcher.Match(tokens, hits);
        evidence.Collect(text, tokens, hits, Lexicons.Entries, _specialIndexOf, MaxAcknowledgementWords);
    }
}
