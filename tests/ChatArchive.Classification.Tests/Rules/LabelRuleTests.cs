using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Rules;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Classification.Tests.Rules;

/// <summary>The rules of seed 000 §1.5 and seed 004 answer 6, one test per rule.</summary>
public class LabelRuleTests
{
    private static readonly DepartmentPolicy NoExclusion = DepartmentPolicy.Default with { ExcludePrivateContacts = false };

    [Fact]
    public void Message_from_registered_private_contact_about_private_matters_is_private()
    {
        var s = new Chat().Register("Mam", ContactKind.Private)
            .Say("Mam", "Neem je zondag de kinderen mee? Papa maakt stamppot.")
            .Say(Chat.Officeholder, "Ligt eraan hoe laat ik terug ben uit Brussel, ik laat het weten")
            .Classify(NoExclusion);

        Assert.All(s, x => Assert.Equal(MessageLabel.Private, x.Label));
        Assert.Contains(s[1].Reasons, r => r == LabelRules.PrivateContactReason);
        Assert.Equal("contact staat geregistreerd als privé", LabelRules.PrivateContactReason);
    }

    [Fact]
    public void Business_content_with_registered_private_contact_is_business()
    {
        var s = new Chat().Register("Thomas de Boer", ContactKind.Private)
            .Say("Thomas de Boer", "Ik werk nu bij de omgevingsdienst: mag ik je ambtenaren bellen over de stikstofvergunning van de boer in Barneveld?")
            .Last();

        Assert.Equal(MessageLabel.Business, s.Label);
        Assert.Equal(LabelRules.BusinessWithRegisteredContactReason, s.Reasons[0]);
    }

    [Fact]
    public void Party_member_is_party_political_only_when_the_subject_is_the_party()
    {
        var aboutParty = new Chat().Register("Karin Smit", ContactKind.PartyPolitical)
            .Say("Karin Smit", "Kun jij op het partijcongres in maart een workshop over wonen geven?")
            .Last(NoExclusion);
        var aboutWork = new Chat().Register("Karin Smit", ContactKind.PartyPolitical)
            .Say("Karin Smit", "Kun je mij de Kamerbrief over de huurtoeslag sturen zodra die openbaar is?")
            .Last(NoExclusion);
        var neutral = new Chat().Register("Karin Smit", ContactKind.PartyPolitical)
            .Say("Karin Smit", "Hoe laat ben je morgen in Zwolle?")
            .Last(NoExclusion);

        Assert.Equal(MessageLabel.PartyPolitical, aboutParty.Label);
        Assert.Equal(MessageLabel.Business, aboutWork.Label);
        Assert.Equal(MessageLabel.Business, neutral.Label);
    }

    [Fact]
    public void Congratulation_is_private_even_from_a_work_contact()
    {
        var s = Chat.One("Rachid El Idrissi", "Gefeliciteerd met je verjaardag! Er staat taart op de afdeling 🎂");
        Assert.Equal(MessageLabel.Private, s.Label);
        Assert.Contains(s.Reasons, r => r.StartsWith("bevat felicitatie", StringComparison.Ordinal));
    }

    [Fact]
    public void Condolence_is_private_even_from_a_work_contact()
    {
        var s = Chat.One("Femke Mulder", "Gecondoleerd met het verlies van je vader. Veel sterkte de komende tijd.");
        Assert.Equal(MessageLabel.Private, s.Label);
        Assert.Contains(s.Reasons, r => r.StartsWith("bevat condoleance", StringComparison.Ordinal));
    }

    [Fact]
    public void Lost_bag_is_private_even_from_a_work_contact()
    {
        var s = Chat.One("Anne Visser", "Je hebt je tas laten liggen bij de receptie, hij ligt nu bij de bode.");
        Assert.Equal(MessageLabel.Private, s.Label);
        Assert.Contains(s.Reasons, r => r.StartsWith("gaat over verloren of vergeten spullen", StringComparison.Ordinal));
    }

    [Fact]
    public void Treat_from_a_colleague_is_private()
    {
        var s = Chat.One("Pieter van Dam", "Ik trakteer vandaag op appeltaart, pak je een stuk?");
        Assert.Equal(MessageLabel.Private, s.Label);
        Assert.Contains(s.Reasons, r => r.StartsWith("gaat over een traktatie", StringComparison.Ordinal));
    }

    [Fact]
    public void Party_congress_and_internal_party_affairs_are_party_political()
    {
        var congress = Chat.One("Ingrid Vos", "Wil je op het partijcongres in juni de openingsspeech houden?");
        var internalAffairs = Chat.One("Ingrid Vos", "Het partijbestuur wil de kandidatenlijst zaterdag vaststellen.");
        Assert.Equal(MessageLabel.PartyPolitical, congress.Label);
        Assert.Contains(congress.Reasons, r => r.StartsWith("noemt partijcongres", StringComparison.Ordinal));
        Assert.Equal(MessageLabel.PartyPolitical, internalAffairs.Label);
    }

    [Fact]
    public void Final_position_voiced_in_function_is_business()
    {
        var s = Chat.One("Minister Jansen", "Het partijstandpunt over huurbevriezing is nu het kabinetsstandpunt, dat draag jij morgen uit in het debat.");
        Assert.Equal(MessageLabel.Business, s.Label);
        Assert.Equal(LabelRules.InFunctionReason, s.Reasons[0]);
    }

    [Fact]
    public void Mixed_private_and_business_message_is_business()
    {
        var s = Chat.One("Daan Verbeek", "Gefeliciteerd met je verjaardag! De beslisnota over de subsidieregeling ligt in je tas voor paraaf.");
        Assert.Equal(MessageLabel.Business, s.Label);
        Assert.Equal(LabelRules.MixedReason, s.Reasons[0]);
        Assert.Contains(s.Reasons, r => r.StartsWith("bevat felicitatie", StringComparison.Ordinal));
    }

    [Fact]
    public void Short_acknowledgement_takes_the_label_of_the_previous_message()
    {
        var s = new Chat()
            .Say("Lotte", "Wijntje vrijdag? Het is echt te lang geleden")
            .Say(Chat.Officeholder, "👍")
            .Say("Pieter van Dam", "De Kamervragen over de toeslagen moeten binnen drie weken beantwoord.")
            .Say(Chat.Officeholder, "ok")
            .Say("Pieter van Dam", "Bel je zo?")
            .Say(Chat.Officeholder, "bel je zo")
            .Classify();

        Assert.Equal(MessageLabel.Private, s[1].Label);
        Assert.Equal(MessageLabel.Business, s[3].Label);
        Assert.Equal(MessageLabel.Business, s[5].Label);
        Assert.Equal(LabelRules.AcknowledgementReason, s[1].Reasons[0]);
        Assert.Equal(LabelRules.AcknowledgementReason, s[3].Reasons[0]);
    }

    [Fact]
    public void Short_acknowledgement_takes_the_label_of_the_message_it_replies_to()
    {
        var s = new Chat()
            .Say("Femke Mulder", "Gefeliciteerd met je nieuwe baan!", id: "a")
            .Say("Femke Mulder", "De Raad van State adviseert negatief over artikel 4 van het wetsvoorstel.", id: "b")
            .Say(Chat.Officeholder, "Dank je!", id: "c", replyTo: "a")
            .Classify();

        Assert.Equal(MessageLabel.Private, s[0].Label);
        Assert.Equal(MessageLabel.Business, s[1].Label);
        Assert.Equal(MessageLabel.Private, s[2].Label);
    }

    [Fact]
    public void Acknowledgement_without_anything_to_answer_is_business()
    {
        var s = Chat.One("Sanne Bakker", "ok");
        Assert.Equal(MessageLabel.Business, s.Label);
    }

    [Fact]
    public void Message_without_any_indication_is_business()
    {
        var s = Chat.One("Hans Kramer", "Ik sta bij de ingang van het gebouw, waar ben jij?");
        Assert.Equal(MessageLabel.Business, s.Label);
        Assert.Equal(LabelRules.UncertainReason, s.Reasons[0]);
        Assert.Equal(0.5, s.Confidence);
    }

    [Fact]
    public void Reply_without_business_word_follows_a_private_exchange()
    {
        var s = new Chat()
            .Say("Femke Mulder", "Gecondoleerd met je vader, ik denk aan je.")
            .Say(Chat.Officeholder, "Dank je Femke, dat raakt me echt.")
            .Classify();
        Assert.Equal(MessageLabel.Private, s[1].Label);
        Assert.Equal(LabelRules.PrivateFollowUpReason, s[1].Reasons[0]);
    }

    [Fact]
    public void Question_after_a_private_exchange_opens_a_new_exchange_and_stays_business()
    {
        var s = new Chat()
            .Say("Daan Verbeek", "Gefeliciteerd met je verjaardag!")
            .Say(Chat.Officeholder, "Kun je me morgen om negen uur bellen?")
            .Classify();
        Assert.Equal(MessageLabel.Private, s[0].Label);
        Assert.Equal(MessageLabel.Business, s[1].Label);
    }

    [Fact]
    public void Conversation_with_only_registered_private_contacts_is_excluded_when_policy_says_so()
    {
        Chat Build() => new Chat().Register("Lotte", ContactKind.Private)
            .Say("Lotte", "Zullen we in mei een weekendje weg met de meiden?")
            .Say(Chat.Officeholder, "Ja! Stuur de link maar");

        var excluded = Build().Classify(DepartmentPolicy.Default with { ExcludePrivateContacts = true });
        var notExcluded = Build().Classify(NoExclusion);

        Assert.All(excluded, s => Assert.True(s.ConversationExcluded));
        Assert.All(notExcluded, s => Assert.False(s.ConversationExcluded));
        Assert.All(excluded, s => Assert.Equal(MessageLabel.Private, s.Label));
        Assert.All(excluded, s => Assert.Contains(LabelRules.ExcludedReason, s.Reasons));
        Assert.All(notExcluded, s => Assert.DoesNotContain(LabelRules.ExcludedReason, s.Reasons));
    }

    [Fact]
    public void Conversation_with_a_work_contact_is_never_excluded()
    {
        var s = new Chat().Register("Lotte", ContactKind.Private)
            .Say("Lotte", "Leuk je te zien gisteren!")
            .Say("Pieter van Dam", "Welkom in de groep over het werkbezoek.")
            .Say(Chat.Officeholder, "Dank jullie")
            .Classify();
        Assert.All(s, x => Assert.False(x.ConversationExcluded));
    }

    [Fact]
    public void Suggestion_holds_no_message_text()
    {
        const string text = "Mijn zus Marloes is zwanger van een tweeling, nog niet verder vertellen";
        var s = Chat.One("Lotte", text);
        Assert.DoesNotContain(s.Reasons, r => r.Contains("Marloes", StringComparison.OrdinalIgnoreCase) || r.Contains("tweeling", StringComparison.OrdinalIgnoreCase));
        Assert.True(s.SpecialCategoryData);
    }
}
