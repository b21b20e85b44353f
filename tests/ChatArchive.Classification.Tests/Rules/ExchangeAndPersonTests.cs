using ChatArchive.Classification.Detection;
using ChatArchive.Classification.Matching;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Tests.Rules;

/// <summary>
/// Issue 12, session e: the dangerous error in a reply that mixes a business word with private words, a reply that
/// carries the category of the message it answers when it holds a weak word of the same category, a vote with "op"
/// before the verb, and a party congress vote that is no person's opinion. Every message is written for these tests.
/// </summary>
public class ExchangeAndPersonTests
{
    [Fact]
    public void A_reply_to_a_business_message_with_one_business_word_of_its_own_stays_business_despite_private_words()
    {
        var s = new Chat()
            .Say("Sanne Koster", "Lekker weekend gehad? De begroting voor het fonds ligt klaar voor je paraaf.", id: "a")
            .Say(Chat.Officeholder, "Heerlijk, met de kinderen naar de dierentuin geweest. Ik teken hem na de lunch.", replyTo: "a")
            .Suggest();

        Assert.Equal(MessageLabel.Business, s[1].Label);
        Assert.Equal(ChatArchive.Classification.Rules.LabelRules.MixedReason, s[1].Reasons[0]);
    }

    [Fact]
    public void The_same_private_words_without_a_business_exchange_stay_private()
    {
        var s = new Chat()
            .Say("Sanne Koster", "Lekker weekend gehad?", id: "a")
            .Say(Chat.Officeholder, "Heerlijk, met de kinderen naar de dierentuin geweest.", replyTo: "a")
            .Suggest();

        Assert.Equal(MessageLabel.Private, s[1].Label);
    }

    [Fact]
    public void A_reply_with_a_weak_word_of_the_same_category_carries_the_answered_messages_category()
    {
        var s = new Chat()
            .Say("Kees Dekker", "Opa ligt sinds gisteren in het ziekenhuis met een longontsteking.", id: "a")
            .Say(Chat.Officeholder, "Wat naar. Fijn als hij straks weer opknapt.", replyTo: "a")
            .Suggest();

        Assert.Contains(SpecialCategories.Health, s[1].Categories);
    }

    [Fact]
    public void The_weak_word_alone_is_no_category()
    {
        var s = new Chat().Say("Kees Dekker", "Fijn als de tuin straks weer opknapt.").Suggest();

        Assert.Empty(s[0].Categories);
    }

    [Theory]
    [InlineData("Ik heb altijd op jullie club gestemd, maar nu niet meer")]
    [InlineData("Mijn broer zegt dat hij niet meer op jullie stemt")]
    public void A_vote_with_op_before_the_verb_is_a_political_opinion(string text)
    {
        var tokens = new TokenBuffer();
        tokens.Fill(text);

        Assert.True(PartyVote.Detect(tokens));
    }

    [Theory]
    [InlineData("De leden stemmen op het congres in maart")]
    [InlineData("Op de ledenvergadering stemmen we over het programma")]
    [InlineData("Op dinsdag gaan we wandelen")]
    public void A_party_congress_vote_or_op_without_a_vote_is_no_persons_opinion(string text)
    {
        var tokens = new TokenBuffer();
        tokens.Fill(text);

        Assert.False(PartyVote.Detect(tokens));
    }

    [Fact]
    public void Introducing_a_new_partner_of_the_writers_sex_by_name_is_sexual_orientation_data()
    {
        var tokens = new TokenBuffer();
        tokens.Fill("Ik moet je iets vertellen: ik heb iemand ontmoet, hij heet Joris en we zijn sinds de zomer samen");

        Assert.True(SameSexPartner.Detect("Pieter Smit", tokens));
        Assert.False(SameSexPartner.Detect("Marloes Smit", tokens));
    }

    [Fact]
    public void A_colleague_named_without_the_words_of_a_relationship_says_nothing()
    {
        var tokens = new TokenBuffer();
        tokens.Fill("De nieuwe chauffeur heet Joris, hij rijdt morgen");

        Assert.False(SameSexPartner.Detect("Pieter Smit", tokens));
    }
}
