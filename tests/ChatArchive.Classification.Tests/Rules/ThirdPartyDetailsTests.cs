using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Detection;
using ChatArchive.Classification.Matching;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Tests.Rules;

/// <summary>
/// Issue 12: special categories about identifiable persons in phrasings a word list alone does not see (a partner named
/// to the person it belongs to, a vote with words in between), everyday health, origin and religion, and the dangerous
/// error in a friends' chat (a reply to a business message stays business). Every message is written for these tests.
/// </summary>
public class ThirdPartyDetailsTests
{
    [Fact]
    public void Naming_the_addressees_partner_of_her_own_sex_is_sexual_orientation_data()
    {
        var s = new Chat()
            .Say("Ingrid Bosman", "Wij komen! Hester neemt appelflappen mee", id: "a")
            .Say("Gonnie Stam", "Leuk, dan zien we je vrouw eindelijk weer eens", replyTo: "a")
            .Suggest();

        Assert.Contains(SpecialCategories.SexualOrientation, s[1].Categories);
        Assert.Contains(MessageClassifier.SameSexPartnerReason, s[1].Reasons);
    }

    [Fact]
    public void Naming_the_addressees_partner_of_the_other_sex_says_nothing()
    {
        var s = new Chat()
            .Say("Ingrid Bosman", "Wij komen!", id: "a")
            .Say("Gonnie Stam", "Leuk, neem je man ook mee", replyTo: "a")
            .Suggest();

        Assert.DoesNotContain(SpecialCategories.SexualOrientation, s[1].Categories);
    }

    [Theory]
    [InlineData("Jij stemt gewoon elke keer op wie de laagste belasting belooft")]
    [InlineData("Mijn schoonmoeder heeft dit keer weer op de SP gestemd")]
    [InlineData("My neighbour voted again for the far right, unbelievable")]
    public void A_persons_vote_with_words_in_between_is_a_political_opinion(string text)
    {
        var s = new Chat().Say("Olaf Brink", text).Suggest();

        Assert.Contains(SpecialCategories.PoliticalOpinion, s[0].Categories);
    }

    [Theory]
    [InlineData("De Kamer stemt dinsdag over de motie, daarna gaan we op pad")]
    [InlineData("Laat ze maar stemmen. Ik wil geen ruzie op het congres")]
    [InlineData("Parliament votes on the bill for the second time")]
    public void A_vote_of_parliament_or_far_from_op_is_no_persons_opinion(string text)
    {
        var tokens = new TokenBuffer();
        tokens.Fill(text);

        Assert.False(PartyVote.Detect(tokens));
    }

    [Theory]
    [InlineData(SpecialCategories.Health, "Wim is van de trap gevallen, gebroken pols")]
    [InlineData(SpecialCategories.Health, "De fysio zegt dat het een meniscusscheur is")]
    [InlineData(SpecialCategories.Health, "Ik ben er later, ik heb 's ochtends chemo")]
    [InlineData(SpecialCategories.Health, "Fleur is pregnant, quite nauseous but happy")]
    [InlineData(SpecialCategories.Ethnicity, "Mijn schoonvader is Molukker en vertelt graag over vroeger")]
    [InlineData(SpecialCategories.Ethnicity, "Hij kwam in 1969 uit Anatolië naar Nederland om te werken")]
    [InlineData(SpecialCategories.Religion, "Morgen breek ik om 17.12 uur het vasten")]
    [InlineData(SpecialCategories.Religion, "Mijn zus is moslim geworden en gaat nu elke vrijdag naar de moskee")]
    [InlineData(SpecialCategories.TradeUnion, "Mijn vader is voorzitter van de ouderenafdeling van zijn vakbond")]
    [InlineData(SpecialCategories.Criminal, "Zijn kleinzoon is opgepakt voor de inbraken bij de sporthal")]
    [InlineData(SpecialCategories.Ethnicity, "Mijn schoonzus is een dochter van Marokkaanse ouders")]
    [InlineData(SpecialCategories.TradeUnion, "Mijn zwager is lid van de AFMP")]
    [InlineData(SpecialCategories.Religion, "Voor de parochianen is de sluiting van de kerk een groot verlies")]
    [InlineData(SpecialCategories.Health, "De verloskundige wil dat ze het rustiger aan doet")]
    [InlineData(SpecialCategories.Health, "Zijn arm zit in het gips")]
    public void Everyday_phrasing_about_a_person_is_found(string category, string text)
    {
        var s = new Chat().Say("Kees Dekker", text).Suggest();

        Assert.True(s[0].Categories.Contains(category), $"{category} in '{text}': {string.Join(", ", s[0].Categories)}");
    }

    [Fact]
    public void A_worried_reply_to_a_relatives_hospital_news_holds_health_data()
    {
        var s = new Chat()
            .Say("Hester Vos", "Je moeder belde, de cardioloog wil haar volgende week nog een keer zien", id: "a")
            .Say(Chat.Officeholder, "Oh nee. Ik bel haar straks. Is ze ongerust?", replyTo: "a")
            .Suggest();

        Assert.Contains(SpecialCategories.Health, s[1].Categories);
    }

    [Fact]
    public void A_registered_friends_thanks_after_the_officeholders_business_answer_stays_business()
    {
        var s = new Chat()
            .Register("Ward Smit", ContactKind.Private)
            .Say("Ward Smit", "Bij ons bedrijf weten ze niet hoe die nieuwe regels voor zzp'ers uitpakken. Komt daar nog uitleg over?", id: "q")
            .Say(Chat.Officeholder, "Ja, in februari. Stuur me anders je vragen, dan neem ik ze mee", replyTo: "q")
            .Say("Ward Smit", "Top, stuur ik je")
            .Suggest();

        Assert.All(s, x => Assert.Equal(MessageLabel.Business, x.Label));
    }

    [Fact]
    public void A_registered_friends_question_about_pension_rules_in_english_is_business()
    {
        var s = new Chat()
            .Register("Olaf Brink", ContactKind.Private)
            .Say("Olaf Brink", "A British friend asks if Dutch pension rules change for people who worked here 10 years. Any idea?")
            .Suggest();

        Assert.Equal(MessageLabel.Business, s[0].Label);
    }

    [Fact]
    public void A_policy_message_about_voting_and_hospitals_holds_no_special_category()
    {
        var s = new Chat().Say("Carola Wouters", "De Kamer stemt dinsdag over de motie over de ziekenhuisfinanciering").Suggest();

        Assert.Empty(s[0].Categories);
    }

    [Fact]
    public void Two_men_who_are_getting_married_is_sexual_orientation_data_and_the_congratulation_holds_it_too()
    {
        var s = new Chat()
            .Say("Trudy Smits", "Ik ben zo blij dat Erwin en Mustafa gaan trouwen, eindelijk een schoonzoon erbij", id: "a")
            .Say(Chat.Officeholder, "Prachtig nieuws, gefeliciteerd allemaal!", replyTo: "a")
            .Suggest();

        Assert.Contains(SpecialCategories.SexualOrientation, s[0].Categories);
        Assert.Contains(SpecialCategories.SexualOrientation, s[1].Categories);
    }

    [Fact]
    public void A_man_and_a_woman_who_are_getting_married_says_nothing()
    {
        var s = new Chat().Say("Trudy Smits", "Ik ben zo blij dat Erwin en Janneke gaan trouwen").Suggest();

        Assert.DoesNotContain(SpecialCategories.SexualOrientation, s[0].Categories);
    }

    [Theory]
    [InlineData("Papa heeft weer last van zijn suiker, de huisarts heeft zijn insuline verhoogd", "Och, hoe voelt hij zich?")]
    [InlineData("Neef Dennis moet voorkomen voor rijden onder invloed", "Dat is pijnlijk. Goed dat hij een advocaat heeft")]
    [InlineData("I'm off wine for a while, doctor's orders after the liver tests", "Oh no, hope it's nothing serious")]
    public void A_concerned_reply_takes_the_special_category_of_the_message_it_answers(string news, string reply)
    {
        var s = new Chat().Say("Erwin Smits", news, id: "a").Say(Chat.Officeholder, reply, replyTo: "a").Suggest();

        Assert.NotEmpty(s[0].Categories);
        Assert.Equal(s[0].Categories, s[1].Categories.Intersect(s[0].Categories));
    }
}
