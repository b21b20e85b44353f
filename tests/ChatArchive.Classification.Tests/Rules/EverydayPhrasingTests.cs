using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Rules;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Classification.Tests.Rules;

/// <summary>
/// Issue 12, classes of error "special categories are missed in everyday phrasing" and "the dangerous
/// error": made-up Dutch and English messages written for these tests (not taken from any evaluation
/// set), run through the full pipeline with the shipped lexicons.
/// </summary>
public class EverydayPhrasingTests
{
    private static readonly DepartmentPolicy NoExclusion = DepartmentPolicy.Default with { ExcludePrivateContacts = false };

    [Theory]
    [InlineData(SpecialCategories.Health, "Mijn vader heeft sinds kort parkinson, hij trilt erg")]
    [InlineData(SpecialCategories.Health, "Joris ligt op de ic na een auto-ongeluk")]
    [InlineData(SpecialCategories.Health, "Ik zit thuis met een hernia en loop met krukken")]
    [InlineData(SpecialCategories.Health, "Her mother had a hip replacement last week")]
    [InlineData(SpecialCategories.Health, "Sam has been signed off sick with a breakdown")]
    [InlineData(SpecialCategories.Religion, "Onze jongste wordt zondag gedoopt, kom je ook?")]
    [InlineData(SpecialCategories.Religion, "We gaan met de hele familie naar de gurdwara voor Vaisakhi")]
    [InlineData(SpecialCategories.Religion, "He's fasting for Yom Kippur so no lunch today")]
    [InlineData(SpecialCategories.Ethnicity, "Zijn opa kwam als gastarbeider naar Nederland")]
    [InlineData(SpecialCategories.Ethnicity, "Her parents came from Ghana in the eighties")]
    [InlineData(SpecialCategories.SexualOrientation, "Lotte is vorig jaar uit de kast gekomen")]
    [InlineData(SpecialCategories.SexualOrientation, "Noah has two dads, Ruben and Tim")]
    [InlineData(SpecialCategories.PoliticalOpinion, "Mijn zwager is overgelopen naar een andere partij")]
    [InlineData(SpecialCategories.TradeUnion, "Anton is al jaren kaderlid bij de bond")]
    [InlineData(SpecialCategories.TradeUnion, "She has been a shop steward for ten years")]
    [InlineData(SpecialCategories.Criminal, "Mijn neef zit in voorarrest, de rechtszaak is in maart")]
    [InlineData(SpecialCategories.Criminal, "Her brother was jailed for drunk driving")]
    [InlineData(SpecialCategories.GeneticBiometric, "De gentest wees uit dat ze drager is van het BRCA-gen")]
    [InlineData(SpecialCategories.GeneticBiometric, "The paternity test came back yesterday")]
    public void Special_categories_in_everyday_phrasing_are_found(string category, string text)
    {
        var s = new Chat().Say("Pieter van Dam", text).Suggest();

        Assert.True(s[0].Categories.Contains(category), $"{category} in '{text}': {string.Join(", ", s[0].Categories)}");
    }

    [Theory]
    [InlineData("Mijn broer is gisteren opgepakt door de politie", "Wat heftig. Hoe gaat het nu met hem?", SpecialCategories.Criminal)]
    [InlineData("Mijn schoonzus heeft borstkanker", "Wat verschrikkelijk, ik denk aan jullie", SpecialCategories.Health)]
    [InlineData("Our son came out to us last night", "That's wonderful news, give him a hug from us", SpecialCategories.SexualOrientation)]
    public void A_reply_that_reacts_to_special_category_data_holds_it_too(string first, string reply, string category)
    {
        var s = new Chat().Say("Pieter van Dam", first).Say(Chat.Officeholder, reply).Suggest();

        Assert.Contains(category, s[0].Categories);
        Assert.Contains(category, s[1].Categories);
        Assert.Contains(s[1].Reasons, r => r.StartsWith("reageert met medeleven") || r == MessageClassifier.HealthFollowUpReason);
    }

    [Fact]
    public void A_reply_takes_the_categories_of_the_message_it_answers_not_of_the_one_just_before()
    {
        var s = new Chat()
            .Say("Pieter van Dam", "Mijn moeder is veroordeeld tot een taakstraf", id: "a")
            .Say("Karel Smit", "Zullen we om drie uur bellen over de begroting?", id: "b")
            .Say(Chat.Officeholder, "Wat erg voor je, Pieter", id: "c", replyTo: "a")
            .Suggest();

        Assert.Contains(SpecialCategories.Criminal, s[2].Categories);
        Assert.Empty(s[1].Categories);
    }

    [Fact]
    public void A_reaction_without_special_category_data_before_it_gets_no_category()
    {
        var s = new Chat()
            .Say("Pieter van Dam", "De begroting is met een miljard overschreden")
            .Say(Chat.Officeholder, "Wat heftig. Hoe is het nu?")
            .Suggest();

        Assert.Empty(s[1].Categories);
    }

    [Fact]
    public void Health_words_about_policy_alone_are_no_special_category()
    {
        var s = new Chat()
            .Say("Pieter van Dam", "De Kamerbrief over de wachtlijsten in de zorg gaat vrijdag uit")
            .Say("Pieter van Dam", "The ministry publishes the annual figures on Thursday")
            .Suggest();

        Assert.All(s, x => Assert.Empty(x.Categories));
    }

    // The dangerous error: a short answer to a message that is business only "bij twijfel" must not follow the
    // next (private) message away from business, even in a chat that is mostly private.
    [Fact]
    public void Short_answer_to_an_unclear_message_in_a_mostly_private_chat_stays_business()
    {
        var s = new Chat("gezin").Register("Mam", ContactKind.Private)
            .Say("Mam", "Lieverd, kom je zondag eten? Oma is er ook")
            .Say(Chat.Officeholder, "Ja gezellig, de kinderen komen ook mee")
            .Say("Mam", "Fijn! Ik bak een appeltaart")
            .Say("Henk Brouwer", "Hoe laat wil je morgen vertrekken, dan kan ik rekening houden met de files rond Utrecht en Amersfoort?")
            .Say(Chat.Officeholder, "Prima, tot straks")
            .Say("Mam", "Neem je de kinderen mee naar oma?")
            .Suggest(NoExclusion);

        Assert.Equal(MessageLabel.Private, s[0].Label);
        Assert.Equal(MessageLabel.Business, s[3].Label);
        Assert.Equal(MessageLabel.Business, s[4].Label);
        Assert.Equal(MessageLabel.Private, s[5].Label);
    }

    [Fact]
    public void Short_message_between_private_messages_in_a_private_chat_still_follows_them()
    {
        var s = new Chat("gezin").Register("Mam", ContactKind.Private)
            .Say("Mam", "Lieverd, kom je zondag eten? Oma is er ook")
            .Say(Chat.Officeholder, "Ja gezellig")
            .Say("Mam", "Ik bak een appeltaart voor de kinderen")
            .Say(Chat.Officeholder, "Top, tot zondag")
            .Suggest(NoExclusion);

        Assert.All(s, x => Assert.Equal(MessageLabel.Private, x.Label));
    }
}
