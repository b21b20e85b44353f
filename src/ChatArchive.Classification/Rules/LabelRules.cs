using ChatArchive.Classification.Contacts;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Rules;

/// <summary>
/// The rules of seed 000 §1.5 (and seed 004 answer 6), in the order they apply. The dangerous error
/// is business suggested as private or party-political, because an approved suggestion leads to
/// deletion of government information; so every rule that moves a message away from business
/// needs positive evidence, and whatever is left over is business ("alle overige communicatie wordt
/// bestuurlijk van aard geacht", seed 004 answer 6).
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
    public const string InFunctionReason = "partijstandpunt uitgedragen in functie: zakelijk (seed 000 §1.5)";
    public const string MixedReason = "mengt zakelijke met privé- of partijpolitieke inhoud: het zakelijk belang gaat voor (seed 000 §1.5)";
    public const string BusinessWithRegisteredContactReason = "zakelijke inhoud, ook al staat het contact geregistreerd als privé of partijpolitiek";
    public const string PartyContentReason = "onderwerp is de partij";
    public const string PrivateContentReason = "inhoud is puur privé, ook bij een werkcontact (seed 000 §1.5)";
    public const string PrivateContactReason = "contact staat geregistreerd als privé";
    public const string PartyContactReason = "contact staat geregistreerd als partijpolitiek en het gesprek gaat over de partij";
    public const string ExcludedReason = "alle deelnemers staan geregistreerd als privé- of partijpolitiek contact: gesprek uitgezonderd (seed 004 antwoord 4)";
    public const string PrivateFollowUpReason = "reactie zonder zakelijke inhoud in een privégesprek";
    public const string PartyFollowUpReason = "reactie zonder zakelijke inhoud in een partijpolitiek gesprek";
    public const string BusinessReason = "bevat zakelijke inhoud";
    public const string UncertainReason = "geen duidelijke aanwijzing voor privé of partijpolitiek: bij twijfel zakelijk";

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
        var business = e.Business >= Strong;

        // Rule: the final position voiced in function is business, not party-political (seed 000 §1.5 "Let op").
        if (party && e.InFunction >= Strong)
        {
            return new(MessageLabel.Business, Confidence(0.7, e.InFunction), InFunctionReason);
        }

        // Rule: a message mixing private or party content with business content is business (seed 000 §1.5).
        if (business && (party || privateContent))
        {
            return new(MessageLabel.Business, Confidence(0.65, e.Business), MixedReason);
        }

        // Rule: business content with a registered private/party contact is still business (seed 004 answer 6: content decides, not the medium).
        if (business && c.Contact is not null)
        {
            return new(MessageLabel.Business, Confidence(0.65, e.Business), BusinessWithRegisteredContactReason);
        }

        // Rule: a party's internal affairs and positions are party-political (seed 000 §1.5).
        if (party && e.PartyPolitical >= e.Private)
        {
            var boost = c.Contact == ContactKind.PartyPolitical ? 0.15 : 0;
            return new(MessageLabel.PartyPolitical, Confidence(0.55 + boost, e.PartyPolitical), PartyContentReason);
        }

        // Rule: congratulations, condolences, a lost bag, a treat are private even with a work contact (seed 000 §1.5).
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
        // conversation has not turned to business and the message holds no business word at all.
        var threadIsBusiness = c.Previous == MessageLabel.Business || e.Business >= Weak;

        // Rule: with a registered private person about nothing business, the message is private (seed 000 §1.5, "met wie").
        if (c.Contact == ContactKind.Private && !threadIsBusiness)
        {
            return new(MessageLabel.Private, c.ConversationExcluded ? 0.8 : 0.7, PrivateContactReason);
        }

        // Rule: a party member is party-political only when the subject is the party: an excluded
        // all-party conversation, or the message continues a party-political exchange.
        if (c.Contact == ContactKind.PartyPolitical && !threadIsBusiness && (c.ConversationExcluded || c.Previous == MessageLabel.PartyPolitical))
        {
            return new(MessageLabel.PartyPolitical, c.ConversationExcluded ? 0.75 : 0.65, PartyContactReason);
        }

        // Rule: a reply without any business word inside a private or party-political exchange follows
        // that exchange ("Dank je wel, wat lief!" after a congratulation). A question opens a new
        // exchange ("Kun je me morgen bellen?"), so it does not follow. Low confidence: a person checks.
        var exchange = c.Answered ?? c.Previous;
        if (e.Business <= 0 && !e.HasQuestion && exchange is MessageLabel.Private or MessageLabel.PartyPolitical)
        {
            var label = exchange.Value;
            return new(label, 0.55, label == MessageLabel.Private ? PrivateFollowUpReason : PartyFollowUpReason);
        }

        if (business)
        {
            return new(MessageLabel.Business, Confidence(0.6, e.Business), BusinessReason);
        }

        // Rule: uncertain is business (seed 004 answer 6).
        return new(MessageLabel.Business, 0.5, UncertainReason);
    }

    private static double Confidence(double start, double weight) => Math.Round(Math.Min(0.95, start + 0.1 * Math.Max(0, weight)), 2);
}
