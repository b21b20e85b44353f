using ChatArchive.Classification.Contacts;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Rules;

/// <summary>
/// The rules of Handreiking §1.5 (and Kamervragen 2024Z13765, antwoord 6), in the order they apply. The dangerous error
/// is business suggested as private or party-political, because an approved suggestion leads to
/// deletion of government information; so every rule that moves a message away from business
/// needs positive evidence, and whatever is left over is business ("alle overige communicatie wordt
/// bestuurlijk van aard geacht", Kamervragen 2024Z13765, antwoord 6).
/// </summary>
public static class LabelRules
{
    /// <summary>Summed weight from which content counts as evidence (1 = one strong word, or two weak ones).</summary>
    public const double Strong = 1.0;

    /// <summary>Any business word at all: enough to stop the weaker rules (contact, follow-up) from moving a message away from business.</summary>
    public const double Weak = 0.5;

    /// <summary>With a registered party member, weaker party evidence is enough: the subject only has to be the party.</summary>
    public const double PartyWithPartyContact = 0.5;

    public const string AcknowledgementReason = "korte reactie: volgt het label van het bericht waarop het antwoordt";
    public const string InFunctionReason = "partijstandpunt uitgedragen in functie: zakelijk (Handreiking §1.5)";
    public const string MixedReason = "mengt zakelijke met privé- of partijpolitieke inhoud: het zakelijk belang gaat voor (Handreiking §1.5)";
    public const string BusinessWithRegisteredContactReason = "zakelijke inhoud, ook al staat het contact geregistreerd als privé of partijpolitiek";
    public const string PartyContentReason = "onderwerp is de partij";
    public const string PrivateContentReason = "inhoud is puur privé, ook bij een werkcontact (Handreiking §1.5)";
    public const string PrivateContactReason = "contact staat geregistreerd als privé";
    public const string PartyContactReason = "contact staat geregistreerd als partijpolitiek en het gesprek gaat over de partij";
    public const string ExcludedReason = "alle deelnemers staan geregistreerd als privé- of partijpolitiek contact: gesprek uitgezonderd (Kamervragen 2024Z13765, antwoord 4)";
    public const string PrivateFollowUpReason = "reactie zonder zakelijke inhoud in een privégesprek";
    public const string PartyFollowUpReason = "reactie zonder zakelijke inhoud in een partijpolitiek gesprek";
    public const string PrivateConversationReason = "kort bericht zonder zakelijke inhoud in een gesprek dat vooral privé is: volgt de berichten eromheen (Handreiking §1.5)";
    public const string PartyConversationReason = "kort bericht zonder zakelijke inhoud in een gesprek dat vooral over de partij gaat: volgt de berichten eromheen (Handreiking §1.5)";
    public const string BusinessExchangeReason = "vervolg op een zakelijke vraag of een zakelijk antwoord in dit gesprek: zakelijk, ook al staat het contact geregistreerd als privé of partijpolitiek";
    public const string BusinessReason = "bevat zakelijke inhoud";
    public const string PersonalChatReason = "gesprek zonder één zakelijk woord of werkplek in al zijn berichten, met een persoonlijke toon in meerdere berichten (familie, vrije tijd, gezondheid, felicitaties, emoji): privé; bij twijfel beoordeelt de informatieprofessional het bericht (Handreiking §1.5)";
    public const string StatisticalPrivateReason = "taalmodel: lijkt op privéberichten (woordkeus van het bericht en van zijn gesprek, vergeleken met beoordeelde berichten van andere schrijvers); geen zakelijke woorden: waarschijnlijk privé (Handreiking §1.5)";
    public const string StatisticalPartyReason = "taalmodel: lijkt op partijpolitieke berichten (woordkeus van het bericht en van zijn gesprek, vergeleken met beoordeelde berichten van andere schrijvers); geen zakelijke woorden: waarschijnlijk partijpolitiek (Handreiking §1.5)";
    public const string StatisticalBusinessReason = "taalmodel: lijkt op zakelijke berichten (woordkeus van het bericht en van zijn gesprek, vergeleken met beoordeelde berichten van andere schrijvers); het bericht zelf is niet privé of partijpolitiek van inhoud: bij twijfel zakelijk (Handreiking §1.5; Kamervragen 2024Z13765, antwoord 6)";
    public const string UncertainReason = "geen duidelijke aanwijzing voor privé of partijpolitiek: bij twijfel zakelijk";

    /// <summary>Up to this many words a message counts as a short reply that may follow its conversation.</summary>
    public const int ShortReplyWords = 12;

    /// <summary>A question of at most this many words ("Hoe laat?", "Welke dag?") follows the exchange it is asked in.</summary>
    public const int ShortQuestionWords = 4;

    public static LabelVerdict Decide(Evidence e, in LabelContext c)
    {
        // Rule: short acknowledgements take the label of the exchange they answer (issue 4 §2).
        if (e.IsAcknowledgement && (c.Answered ?? c.Previous) is { } answered)
        {
            return new(answered, 0.6, AcknowledgementReason);
        }

        var partyThreshold = c.Contact == ContactKind.PartyPolitical ? PartyWithPartyContact : Strong;
        var party = e.PartyPolitical >= partyThreshold;
        var privateContent = e.Private >= Strong;
        // A workplace named in passing ("op het ministerie") is not business content: it is not in e.Business.
        var business = e.Business >= Strong;

        // Rule: the final position voiced in function is business, not party-political (Handreiking §1.5 "Let op").
        if (party && e.InFunction >= Strong)
        {
            return new(MessageLabel.Business, Confidence(0.7, e.InFunction), InFunctionReason);
        }

        // Rule: a message mixing private or party content with business content is business (Handreiking §1.5).
        // In a reply to a business message one business word of its own is enough ("Heerlijk, veel gewandeld. Ik teken hem
        // om twaalf uur." to a question about the weekend and the note): the exchange is business.
        if ((business || (e.Business >= Weak && c.Answered == MessageLabel.Business)) && (party || privateContent))
        {
            return new(MessageLabel.Business, Confidence(0.65, e.Business), MixedReason);
        }

        // Rule: business content with a registered private/party contact is still business (Kamervragen 2024Z13765, antwoord 6: content decides, not the medium).
        if (business && c.Contact is not null)
        {
            return new(MessageLabel.Business, Confidence(0.65, e.Business), BusinessWithRegisteredContactReason);
        }

        // Rule: a party's internal affairs and positions are party-political (Handreiking §1.5).
        if (party && e.PartyPolitical >= e.Private)
        {
            var boost = c.Contact == ContactKind.PartyPolitical ? 0.15 : 0;
            return new(MessageLabel.PartyPolitical, Confidence(0.55 + boost, e.PartyPolitical), PartyContentReason);
        }

        // Rule: congratulations, condolences, a lost bag, a treat are private even with a work contact (Handreiking §1.5).
        if (privateContent)
        {
            var boost = c.Contact == ContactKind.Private ? 0.15 : 0;
            return new(MessageLabel.Private, Confidence(0.55 + boost, e.Private), PrivateContentReason);
        }
        if (party)
        {
            return new(MessageLabel.PartyPolitical, Confidence(0.55, e.PartyPolitical), PartyContentReason);
        }

        // The contact and follow-up rules are weaker evidence than content: they apply only while the
        // exchange has not turned to business and the message holds no business word at all. In a
        // conversation that is mostly private (a family chat), one business question does not turn the
        // chat business: only a short answer to it from someone else, or a reply to it, stays business.
        var shortReply = e.Words <= ShortReplyWords;
        var previousCarries = c.Previous == MessageLabel.Business && e.Private <= 0 && e.PartyPolitical <= 0
            && (c.Leaning is null || c.PreviousCarry < MaxBusinessCarry);
        // A workplace named ("stukken naar het ministerie", "in de raad") keeps the message business against the contact and the thread.
        var threadIsBusiness = e.Business >= Weak || e.Workplace >= Weak || previousCarries || c.Answered == MessageLabel.Business;

        // Rule: with a registered contact, a message without private or party words that continues a
        // business exchange ("Dank, dat zeg ik hem" after an answer about police training) stays business:
        // the contact alone is no reason to move it away (Kamervragen 2024Z13765, antwoord 6).
        if (c.Contact is not null && e.Business < Weak && (previousCarries || c.Answered == MessageLabel.Business))
        {
            return new(MessageLabel.Business, 0.55, BusinessExchangeReason);
        }

        // Rule: with a registered private person about nothing business, the message is private (Handreiking §1.5, "met wie").
        if (c.Contact == ContactKind.Private && !threadIsBusiness)
        {
            return new(MessageLabel.Private, c.ConversationExcluded ? 0.8 : 0.7, PrivateContactReason);
        }

        // Rule: a party member is party-political only when the subject is the party: an excluded
        // all-party conversation, a conversation mostly about the party, or the message continues a party-political exchange.
        // In a conversation that is about the party (excluded as all-party, or mostly party), a passing
        // business word ("programma", "debat") is not enough to make the message business: that takes business content.
        var partyConversation = (c.ConversationExcluded || c.Leaning == MessageLabel.PartyPolitical)
            && (e.PartyPolitical > 0 || c.Previous == MessageLabel.PartyPolitical);
        var partyThreadIsBusiness = partyConversation ? e.Business >= Strong || previousCarries || c.Answered == MessageLabel.Business : threadIsBusiness;
        if (c.Contact == ContactKind.PartyPolitical && !partyThreadIsBusiness
            && (partyConversation || c.Previous == MessageLabel.PartyPolitical))
        {
            return new(MessageLabel.PartyPolitical, c.ConversationExcluded ? 0.75 : 0.65, PartyContactReason);
        }

        // Rule: a reply without any business word inside a private or party-political exchange follows
        // that exchange ("Dank je wel, wat lief!" after a congratulation). A question opens a new
        // exchange ("Kun je me morgen bellen?"), so it does not follow, unless it is a very short question
        // ("Hoe laat?") or a short question in a conversation that is mostly about the same thing. Low confidence: a person checks.
        var exchange = c.Answered ?? c.Previous;
        if (e.Business <= 0 && exchange is MessageLabel.Private or MessageLabel.PartyPolitical
            && (!e.HasQuestion || e.Words <= ShortQuestionWords || (shortReply && c.Leaning == exchange)))
        {
            var label = exchange.Value;
            return new(label, 0.55, label == MessageLabel.Private ? PrivateFollowUpReason : PartyFollowUpReason);
        }

        // Rule: a short message without any business word between messages that are private (or
        // party-political) by their content, in a conversation mostly about that, follows its neighbours.
        // It follows the next message only when the one before was neither business "bij twijfel" nor business
        // by its content: a short answer to a business message ("Prima, tot zo" to the driver announcing a
        // working visit) stays business, whatever follows (Kamervragen 2024Z13765, antwoord 6).
        if (e.Business <= 0 && shortReply && c.Leaning is { } leaning && leaning != MessageLabel.Business
            && (c.Previous == leaning || (c.Next == leaning && !c.AfterUncertain && c.Previous != MessageLabel.Business)))
        {
            return new(leaning, 0.55, leaning == MessageLabel.Private ? PrivateConversationReason : PartyConversationReason);
        }

        if (business)
        {
            return new(MessageLabel.Business, Confidence(0.6, e.Business), BusinessReason);
        }

        // Rule: in a conversation that is a personal chat as a whole (a sports club, a neighbour, old friends: not one business word
        // or workplace in any message, a personal tone in several), a message without any business word is private. The conversation,
        // not the single message, is the evidence; one business word anywhere in it keeps "bij twijfel zakelijk" (see ConversationTone).
        if (c.PersonalChat && e.Business <= 0 && e.Workplace <= 0 && e.PartyPolitical <= 0)
        {
            return new(MessageLabel.Private, 0.55, PersonalChatReason);
        }

        // Rule: uncertain is business (Kamervragen 2024Z13765, antwoord 6).
        return new(MessageLabel.Business, 0.5, UncertainReason);
    }

    /// <summary>Whether the verdict rests on the message's own content (then learning from the reviewer does not override it).</summary>
    /// <summary>In a mostly private conversation, at most this many messages in a row follow a business exchange without business words of their own.</summary>
    public const int MaxBusinessCarry = 3;

    public static bool IsContentVerdict(string reason) =>
        ReferenceEquals(reason, InFunctionReason) || ReferenceEquals(reason, MixedReason) || ReferenceEquals(reason, BusinessWithRegisteredContactReason)
        || ReferenceEquals(reason, PartyContentReason) || ReferenceEquals(reason, PrivateContentReason) || ReferenceEquals(reason, BusinessReason);

    /// <summary>Whether a private or party-political verdict rests only on the registered contact or on the conversation as a whole.</summary>
    public static bool IsContactOrConversationVerdict(string reason) =>
        ReferenceEquals(reason, PrivateContactReason) || ReferenceEquals(reason, PartyContactReason) || ReferenceEquals(reason, PrivateConversationReason)
        || ReferenceEquals(reason, PartyConversationReason) || ReferenceEquals(reason, PersonalChatReason);

    private static double Confidence(double start, double weight) => Math.Round(Math.Min(0.95, start + 0.1 * Math.Max(0, weight)), 2);
}
