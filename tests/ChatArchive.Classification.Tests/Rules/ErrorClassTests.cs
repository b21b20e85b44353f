using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Rules;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Classification.Tests.Rules;

/// <summary>
/// One test per class of error of issue 12, with made-up Dutch and English examples written for these
/// tests (not taken from any evaluation set). Each runs the full pipeline (conversation context) with the
/// shipped lexicons.
/// </summary>
public class ErrorClassTests
{
    private static readonly DepartmentPolicy NoExclusion = DepartmentPolicy.Default with { ExcludePrivateContacts = false };

    // Handreiking §1.5 names these as private, also with a work contact.
    [Theory]
    [InlineData("congratulations", "Van harte gefeliciteerd met je verjaardag, Eva!")]
    [InlineData("congratulations", "Congratulations on your daughter's graduation!")]
    [InlineData("thanks", "Bedankt voor de bloemen, wat attent van jullie")]
    [InlineData("thanks", "Thank you for the lovely card, it made my day")]
    [InlineData("condolences", "Innige deelneming met het overlijden van je schoonvader")]
    [InlineData("condolences", "My condolences, I was so sorry to hear about your aunt")]
    [InlineData("get-well wishes", "Beterschap! Word snel weer de oude")]
    [InlineData("get-well wishes", "Get well soon, we miss you at the office")]
    [InlineData("personal logistics", "Je leesbril lag nog in de vergaderzaal, ik heb hem bij de receptie laten leggen")]
    [InlineData("personal logistics", "Zullen we morgen samen lunchen? Ik haal broodjes")]
    [InlineData("social invitations", "Vrijdag borrelen bij mij thuis, kom je ook?")]
    [InlineData("social invitations", "We're having a housewarming on Saturday, come over!")]
    [InlineData("weekend wishes", "Fijn weekend allemaal en rust lekker uit")]
    [InlineData("weekend wishes", "Have a great weekend!")]
    [InlineData("religious feasts with family", "Eid Mubarak! Fijn suikerfeest met je familie")]
    [InlineData("religious feasts with family", "Happy Diwali to you and your family")]
    public void Private_content_with_work_contacts_is_private(string kind, string text)
    {
        var s = new Chat().Say("Pieter van Dam", text).Say(Chat.Officeholder, "Dank je!").Suggest();

        Assert.True(s[0].Label == MessageLabel.Private, $"{kind}: {string.Join("; ", s[0].Reasons)}");
        Assert.Equal(LabelRules.PrivateContentReason, s[0].Reasons[0]);
        Assert.Equal(MessageLabel.Private, s[1].Label);
    }

    [Fact]
    public void Business_question_in_a_family_chat_stays_one_business_message_without_turning_the_chat_business()
    {
        var s = new Chat("familie").Register("Mam", ContactKind.Private).Register("Thomas de Boer", ContactKind.Private)
            .Say("Mam", "Lieverd, kom je zondag eten? Oma is er ook")
            .Say(Chat.Officeholder, "Ja gezellig, rond vijf uur")
            .Say("Thomas de Boer", "Hoe ging de ministerraad eigenlijk, is het wetsvoorstel over de huurtoeslag erdoor?")
            .Say(Chat.Officeholder, "Het kabinet heeft het voorstel vandaag aangenomen, de Kamerbrief gaat morgen uit")
            .Say("Mam", "Sanne heeft een 8 voor haar proefwerk!")
            .Say("Thomas de Boer", "Knap van haar")
            .Say("Mam", "Zal ik een appeltaart bakken?")
            .Suggest(NoExclusion);

        Assert.Equal(MessageLabel.Private, s[0].Label);
        Assert.Equal(MessageLabel.Private, s[1].Label);
        Assert.Equal(MessageLabel.Business, s[2].Label);
        Assert.Equal(MessageLabel.Business, s[3].Label);
        Assert.All(s.Skip(4), x => Assert.Equal(MessageLabel.Private, x.Label));
    }

    [Fact]
    public void Officeholder_short_replies_in_private_and_party_threads_follow_the_thread()
    {
        var privateThread = new Chat("vrienden")
            .Say("Lotte", "Wijntje doen vrijdag? Ik heb een nieuwe bar gevonden")
            .Say(Chat.Officeholder, "Hoe laat?")
            .Say("Lotte", "Half negen, ik reserveer een tafel")
            .Say(Chat.Officeholder, "Goed, tot dan")
            .Suggest();
        var partyThread = new Chat("afdeling").Register("Karin Smit", ContactKind.PartyPolitical)
            .Say("Karin Smit", "De ledenvergadering wil de kandidatenlijst zaterdag vaststellen")
            .Say(Chat.Officeholder, "Hoe laat begint het?")
            .Say("Karin Smit", "Om tien uur, in het buurthuis")
            .Say(Chat.Officeholder, "Ik ben er")
            .Suggest(NoExclusion);

        Assert.All(privateThread, x => Assert.Equal(MessageLabel.Private, x.Label));
        Assert.All(partyThread, x => Assert.Equal(MessageLabel.PartyPolitical, x.Label));
    }

    [Theory]
    [InlineData("Kun jij eens kijken naar de buslijn bij ons in de regio? Die wordt geschrapt en de bewoners zitten vast")]
    [InlineData("Jij gaat toch over de politie? Bij ons in de wijk wordt steeds ingebroken, kun je daar iets aan doen?")]
    [InlineData("Could you look into the closure of the local hospital? The residents in our town are worried")]
    public void Business_request_from_a_registered_private_contact_is_business(string request)
    {
        var s = new Chat("vriend").Register("Jeroen (hockey)", ContactKind.Private)
            .Say("Jeroen (hockey)", "Top wedstrijd zondag, jammer van die laatste goal")
            .Say("Jeroen (hockey)", request)
            .Say(Chat.Officeholder, "Ik laat het uitzoeken en kom erop terug")
            .Say("Jeroen (hockey)", "Dank, dat zeg ik de buren")
            .Suggest();

        Assert.Equal(MessageLabel.Private, s[0].Label);
        Assert.Equal(MessageLabel.Business, s[1].Label);
        Assert.Equal(MessageLabel.Business, s[2].Label);
        Assert.Equal(MessageLabel.Business, s[3].Label);
        Assert.DoesNotContain(s.Skip(1), x => x.Reasons[0] == LabelRules.PrivateContactReason);
    }

    [Theory]
    [InlineData("congress", "Wil je op ons congres in november de slotrede houden?")]
    [InlineData("campaign money", "Het campagnegeld voor de gemeenteraadsverkiezingen is bijna op, kunnen we donateurs benaderen?")]
    [InlineData("a party member's arrest", "Ons raadslid in Almere is gisteren opgepakt, het afdelingsbestuur wil hem schorsen als lid")]
    [InlineData("congress (English)", "Will you speak at our congress in March? The local branch would love it")]
    public void Party_matters_without_the_word_partij_are_party_political(string kind, string text)
    {
        var s = new Chat().Say("Ingrid Vos", text).Suggest();

        Assert.True(s[0].Label == MessageLabel.PartyPolitical, $"{kind}: {string.Join("; ", s[0].Reasons)}");
        Assert.DoesNotContain("partij", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Private_message_mentioning_a_workplace_stays_private_unless_it_carries_business_content()
    {
        var lostItem = new Chat().Say("Anne Visser", "Je sjaal ligt nog op het ministerie, zal ik hem morgen meenemen?").Suggest()[0];
        var birthday = new Chat().Say("Anne Visser", "Gefeliciteerd! Er staat taart op kantoor").Suggest()[0];
        var withBusiness = new Chat().Say("Anne Visser", "Gefeliciteerd! De beslisnota over de subsidieregeling ligt op het ministerie klaar voor paraaf").Suggest()[0];

        Assert.Equal(MessageLabel.Private, lostItem.Label);
        Assert.Equal(MessageLabel.Private, birthday.Label);
        Assert.Equal(MessageLabel.Business, withBusiness.Label);
        Assert.Equal(LabelRules.MixedReason, withBusiness.Reasons[0]);
    }

    [Theory]
    [InlineData("burn-out", "Mijn collega zit thuis met een burn-out, ik neem zijn dossiers over", SpecialCategories.Health)]
    [InlineData("relative in hospital", "Mijn moeder ligt in het ziekenhuis, ik ben er morgen niet", SpecialCategories.Health)]
    [InlineData("get-well wishes for a child", "Beterschap voor je zoontje, hopelijk is de koorts snel weg", SpecialCategories.Health)]
    [InlineData("religious feast", "Wij vieren Pesach bij mijn schoonouders, ik ben maandag vrij", SpecialCategories.Religion)]
    [InlineData("origin of an identifiable person", "Zijn ouders kwamen uit Marokko naar Nederland toen hij twee was", SpecialCategories.Ethnicity)]
    [InlineData("burn-out (English)", "Mark is on sick leave with a burn out", SpecialCategories.Health)]
    [InlineData("origin (English)", "Her family is originally from Eritrea", SpecialCategories.Ethnicity)]
    public void Special_categories_in_everyday_phrasing_are_flagged(string kind, string text, string category)
    {
        var s = new Chat().Say("Femke Mulder", text).Suggest()[0];

        Assert.True(s.Categories.Contains(category), $"{kind}: {string.Join(", ", s.Categories)}");
        Assert.True(s.SpecialCategoryData);
    }

    [Fact]
    public void Special_categories_are_not_flagged_in_ordinary_business_text()
    {
        var s = new Chat()
            .Say("Pieter van Dam", "De Kamerbrief over de woningbouw gaat vrijdag naar de ministerraad")
            .Say("Pieter van Dam", "Het herstel van de economie staat in de voorjaarsnota")
            .Suggest();
        Assert.All(s, x => Assert.Empty(x.Categories));
    }

    [Fact]
    public void Get_well_reply_after_a_health_message_is_flagged_as_health()
    {
        var s = new Chat()
            .Say("Femke Mulder", "Mijn vader is vannacht geopereerd aan zijn hart")
            .Say(Chat.Officeholder, "Wat heftig, veel sterkte voor hem")
            .Suggest();

        Assert.Contains(SpecialCategories.Health, s[1].Categories);
        Assert.Contains(MessageClassifier.HealthFollowUpReason, s[1].Reasons);
    }

    [Fact]
    public void Reasons_cite_the_guidance_by_name_never_an_internal_file_name()
    {
        var s = new Chat("c").Register("Mam", ContactKind.Private).Register("Karin Smit", ContactKind.PartyPolitical)
            .Say("Mam", "Kom je zondag eten?")
            .Say("Pieter van Dam", "Gefeliciteerd met je verjaardag! De nota ligt klaar voor paraaf")
            .Say("Karin Smit", "Het partijstandpunt is nu het kabinetsstandpunt, dat draag jij uit in het debat")
            .Say("Femke Mulder", "Gecondoleerd met je moeder")
            .Say("Anne Visser", "Zin in een biertje vanavond?")
            .Suggest();
        var reasons = s.SelectMany(x => x.Reasons).ToList();

        Assert.Contains(reasons, r => r.Contains("Handreiking §1.5", StringComparison.Ordinal));
        Assert.All(reasons, r => Assert.DoesNotContain("seed", r, StringComparison.OrdinalIgnoreCase));
        Assert.All(reasons, r => Assert.DoesNotContain(".json", r, StringComparison.OrdinalIgnoreCase));
        Assert.All(reasons, r => Assert.DoesNotMatch(@"\b00\d\b", r));
        Assert.Contains("Kamervragen 2024Z13765, antwoord 4", LabelRules.ExcludedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Conversation_of_registered_private_contacts_only_is_excluded_whole_when_the_policy_says_so()
    {
        Chat Family() => new Chat("gezin").Register("Mam", ContactKind.Private).Register("Thomas de Boer", ContactKind.Private)
            .Say("Mam", "Wie neemt er zondag de taart mee?")
            .Say("Thomas de Boer", "Ik")
            .Say(Chat.Officeholder, "Hoe laat zijn jullie er?");
        var excluded = Family().Suggest(DepartmentPolicy.Default);
        var kept = Family().Suggest(NoExclusion);

        Assert.All(excluded, x => Assert.True(x.ConversationExcluded));
        Assert.All(excluded, x => Assert.Equal(MessageLabel.Private, x.Label));
        Assert.Contains(excluded, x => x.Reasons.Contains(LabelRules.ExcludedReason));
        Assert.All(kept, x => Assert.False(x.ConversationExcluded));
    }

    [Fact]
    public void Neutral_messages_between_private_messages_of_a_mostly_private_conversation_follow_the_conversation()
    {
        var s = new Chat("collega-vriendin")
            .Say("Anne Visser", "Heb je even?")
            .Say("Anne Visser", "Gefeliciteerd met je verjaardag!")
            .Say(Chat.Officeholder, "Dankjewel!")
            .Say("Anne Visser", "Wij gingen gisteren uit eten met de kinderen, heerlijk")
            .Suggest();

        Assert.All(s, x => Assert.Equal(MessageLabel.Private, x.Label));
        Assert.Equal(LabelRules.PrivateConversationReason, s[0].Reasons[0]);
    }

    [Fact]
    public void Neutral_message_in_a_business_conversation_stays_business()
    {
        var s = new Chat("werk")
            .Say("Pieter van Dam", "De beslisnota over de subsidieregeling ligt klaar")
            .Say(Chat.Officeholder, "Heb je nog iets gehoord gisteren?")
            .Say("Pieter van Dam", "Het debat is naar donderdag verschoven")
            .Suggest();

        Assert.All(s, x => Assert.Equal(MessageLabel.Business, x.Label));
    }
}
