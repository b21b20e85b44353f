using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Detection;
using ChatArchive.Classification.Matching;
using ChatArchive.Classification.Rules;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Tests.Rules;

/// <summary>
/// Issue 12, session f: what a whole conversation is like (a personal chat without any business word), a named workplace
/// against a private contact, Dutch compound heads, and "someone + body part" as health data. Every message is written for
/// these tests.
/// </summary>
public class ConversationToneTests
{
    private static Chat Choir() => new Chat("koor")
        .Say("Mieke Smit", "Zangers, de repetitie van dinsdag is in het buurthuis 🎶")
        .Say(Chat.Officeholder, "Ik ben er, iets later")
        .Say("Gerrit Bos", "Wie neemt de bladmuziek mee?")
        .Say("Mieke Smit", "Ik. En na afloop taart, Gerrit is jarig 🎂")
        .Say(Chat.Officeholder, "Haha dan zing ik extra hard");

    [Fact]
    public void A_chat_without_any_business_word_and_with_a_personal_tone_is_private_message_by_message()
    {
        var s = Choir().Suggest();

        Assert.All(s, x => Assert.Equal(MessageLabel.Private, x.Label));
        Assert.Equal(LabelRules.PersonalChatReason, s[2].Reasons[0]);
    }

    [Fact]
    public void One_business_word_anywhere_in_the_chat_keeps_bij_twijfel_zakelijk()
    {
        // The rule itself (the statistical stage may still read the choir's messages as private, with its own reason).
        var s = Choir().Say(Chat.Officeholder, "Na de ministerraad kom ik direct").Suggest(classifier: Chat.RulesOnly);

        Assert.Equal(MessageLabel.Business, s[2].Label);
        Assert.Equal(LabelRules.UncertainReason, s[2].Reasons[0]);
    }

    [Fact]
    public void A_short_chat_is_no_personal_chat()
    {
        var s = new Chat("kort")
            .Say("Gerrit Bos", "Wie neemt de bladmuziek mee? 🎶")
            .Say(Chat.Officeholder, "Ik 😄")
            .Say("Gerrit Bos", "Haha top")
            .Suggest(classifier: Chat.RulesOnly);

        Assert.Equal(MessageLabel.Business, s[0].Label);
    }

    [Theory]
    [InlineData("Hahaha dat geloof ik", true)]
    [InlineData("Tot morgen 😘", true)]
    [InlineData("Wat een dag!!", true)]
    [InlineData("Mevrouw Hahn belt morgen", false)]
    [InlineData("De stukken liggen klaar.", false)]
    public void Laughter_emoji_and_double_exclamation_are_a_personal_tone(string text, bool casual)
    {
        Assert.Equal(casual, ConversationTone.IsCasual(text));
    }

    [Fact]
    public void A_workplace_keeps_a_message_business_against_a_registered_private_contact()
    {
        var s = new Chat("thuis").Register("Joris de Boer", ContactKind.Private)
            .Say(Chat.Officeholder, "Kun je mijn laptoptas naar het ministerie laten brengen?")
            .Say("Joris de Boer", "Komt goed")
            .Suggest();
        var without = new Chat("thuis").Register("Joris de Boer", ContactKind.Private)
            .Say(Chat.Officeholder, "Kun je mijn laptoptas naar huis laten brengen?")
            .Say("Joris de Boer", "Komt goed")
            .Suggest();

        Assert.Equal(MessageLabel.Business, s[0].Label);
        Assert.Equal(MessageLabel.Private, without[0].Label);
    }

    [Fact]
    public void A_compound_ending_in_a_business_word_is_business_evidence_and_a_bare_word_counts_once()
    {
        var lexicons = Chat.RulesOnly.Lexicons;
        var matcher = Chat.RulesOnly.Matcher;
        var tokens = new TokenBuffer();
        var hits = new List<LexiconHit>();

        tokens.Fill("het stikstofbeleid");
        matcher.Match(tokens, hits);
        Assert.Contains(hits, h => lexicons.Entries[h.EntryIndex].Term == "*beleid");

        tokens.Fill("het beleid");
        matcher.Match(tokens, hits);
        Assert.Single(hits, h => lexicons.Entries[h.EntryIndex].Category.Group == ChatArchive.Classification.Lexicons.CategoryGroup.Business);
    }

    [Theory]
    [InlineData("Oom Henk komt niet, zijn heup speelt weer op")]
    [InlineData("Ze zit thuis met haar knieën omhoog")]
    [InlineData("He can't lift anything with his shoulder like this")]
    public void Someones_body_part_is_health_data(string text)
    {
        var tokens = new TokenBuffer();
        tokens.Fill(text);

        Assert.True(PersonBodyPart.Detect(tokens));
        Assert.Contains(SpecialCategories.Health, Chat.One("Kees Dekker", text).Categories);
    }

    [Theory]
    [InlineData("Dat is achter zijn rug om besloten")]
    [InlineData("De enkele reis kost 40 euro")]
    [InlineData("Het rugnummer van het team")]
    public void A_figure_of_speech_or_a_body_word_without_a_person_is_no_health_data(string text)
    {
        var tokens = new TokenBuffer();
        tokens.Fill(text);

        Assert.False(PersonBodyPart.Detect(tokens));
    }

    [Theory]
    [InlineData("Buurman Piet heeft zijn lidmaatschap bij jullie opgezegd, hij was het er niet mee eens")]
    [InlineData("My cousin joined the Green party last spring")]
    [InlineData("De bakker is al jaren kiezer van ons")]
    public void Someone_joining_or_leaving_a_party_is_a_political_opinion(string text)
    {
        var tokens = new TokenBuffer();
        tokens.Fill(text);

        Assert.True(PartyMembership.Detect(tokens));
        Assert.Contains(SpecialCategories.PoliticalOpinion, Chat.One("Kees Dekker", text).Categories);
    }

    [Theory]
    [InlineData("Het lidmaatschap van de sportschool loopt nog een jaar")]
    [InlineData("We left the party early, the music was too loud")]
    public void A_membership_without_leaving_or_a_party_that_is_a_feast_says_nothing(string text)
    {
        var tokens = new TokenBuffer();
        tokens.Fill(text);

        Assert.False(PartyMembership.Detect(tokens));
    }
}
