using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Rules;
using ChatArchive.Domain.Messages;
using ChatArchive.Domain.Policies;

namespace ChatArchive.Classification.Tests.Rules;

/// <summary>
/// The dangerous error of issue 12 first: business messages inside family and friends conversations must not be
/// suggested private. "One business message in a family chat is business itself without turning the family chat
/// business; a business request from a private contact is business whatever the contact." Every example is made up
/// for these tests (none is taken from an evaluation set). The full pipeline runs with the shipped lexicons and model.
/// </summary>
public class BusinessInPrivateConversationTests
{
    private static readonly DepartmentPolicy NoExclusion = DepartmentPolicy.Default with { ExcludePrivateContacts = false };

    // Policy questions from relatives (registered private contacts), in a chat that is otherwise about family matters.
    [Theory]
    [InlineData("Oom Kees vraagt of jij kan zorgen dat de bus naar Ootmarsum weer op zondag rijdt, hij voelt zich vergeten")]
    [InlineData("Klopt het dat de kinderbijslag volgend jaar omlaag gaat? De hele straat heeft het erover")]
    [InlineData("Kun je iets zeggen over die nieuwe maximumsnelheid op de N-weg bij ons? Iedereen rijdt er nu 60")]
    [InlineData("Papa wil weten waarom de dienstregeling van de trein naar Zwolle weer is uitgedund")]
    [InlineData("Zeg eens, kun je ervoor zorgen dat de veerdienst naar het eiland in de winter blijft varen?")]
    public void Policy_questions_from_relatives_in_a_family_chat_stay_business(string question)
    {
        var s = new Chat("familie-app").Register("Tante Joke", ContactKind.Private).Register("Sanne de Boer", ContactKind.Private)
            .Say("Tante Joke", "Wat een gezellige verjaardag was het zondag, de taart was heerlijk")
            .Say("Sanne de Boer", "Zeker! De kinderen praten er nog over")
            .Say("Tante Joke", question)
            .Say("Sanne de Boer", "Haha tante, ze heeft vrij vandaag")
            .Say("Tante Joke", "Ik vraag het maar, dag lieverds")
            .Suggest(NoExclusion);

        Assert.True(s[2].Label == MessageLabel.Business, $"{question}: {string.Join("; ", s[2].Reasons)}");
        Assert.Equal(MessageLabel.Private, s[0].Label);
        Assert.Equal(MessageLabel.Private, s[1].Label);
    }

    [Fact]
    public void A_policy_question_after_a_family_message_does_not_follow_the_family_thread()
    {
        var s = new Chat("schoonfamilie").Register("Marian", ContactKind.Private)
            .Say("Marian", "Gert ligt sinds gisteren in het ziekenhuis, hij moet aan zijn knie geopereerd worden")
            .Say(Chat.Officeholder, "Ach, wat vervelend. Veel beterschap voor hem")
            .Say("Marian", "Gert vroeg nog of jij kunt zorgen dat het station in ons dorp een lift krijgt, met zijn knie komt hij de trap niet op")
            .Suggest(NoExclusion);

        Assert.Equal(MessageLabel.Private, s[0].Label);
        Assert.Equal(MessageLabel.Private, s[1].Label);
        Assert.True(s[2].Label == MessageLabel.Business, string.Join("; ", s[2].Reasons));
    }

    // The minister's short replies about work to a friend: the answer in function is business, whoever asked.
    [Theory]
    [InlineData("Ik laat het uitzoeken en kom erop terug")]
    [InlineData("Daar mag ik nog niets over zeggen, volgende week komt er een besluit")]
    [InlineData("Ik laat het navragen bij mijn medewerkers")]
    [InlineData("Laat ze de formele weg nemen, dan komt het bij het juiste loket")]
    public void The_ministers_short_reply_about_work_to_a_friend_is_business(string reply)
    {
        var s = new Chat("vrienden").Register("Bram", ContactKind.Private)
            .Say("Bram", "Was leuk gisteren bij het etentje! Volgende keer bij ons")
            .Say(Chat.Officeholder, "Graag, gezellig was het")
            .Say("Bram", "Mijn buurman heeft een bakkerij en zijn energierekening is verdrievoudigd. Komt er nog steun voor ondernemers?")
            .Say(Chat.Officeholder, reply)
            .Say("Bram", "Fijn weekend en doe de kinderen de groeten")
            .Suggest(NoExclusion);

        Assert.Equal(MessageLabel.Private, s[0].Label);
        Assert.Equal(MessageLabel.Business, s[2].Label);
        Assert.True(s[3].Label == MessageLabel.Business, $"{reply}: {string.Join("; ", s[3].Reasons)}");
        Assert.Equal(MessageLabel.Private, s[4].Label);
    }

    [Fact]
    public void A_short_answer_to_a_business_message_stays_business_even_when_private_talk_follows()
    {
        var s = new Chat("chauffeur")
            .Say("Kees Wolters", "Goedemorgen, ik sta om half acht voor de deur, eerst naar het werkbezoek in Emmen")
            .Say(Chat.Officeholder, "Top Kees, tot zo")
            .Say("Kees Wolters", "Mijn dochter is gisteren getrouwd trouwens, wat een feest was het")
            .Say(Chat.Officeholder, "Gefeliciteerd! Wat mooi voor jullie")
            .Suggest(NoExclusion);

        Assert.Equal(MessageLabel.Business, s[0].Label);
        Assert.True(s[1].Label == MessageLabel.Business, string.Join("; ", s[1].Reasons));
        Assert.Equal(MessageLabel.Private, s[2].Label);
        Assert.Equal(MessageLabel.Private, s[3].Label);
    }

    [Fact]
    public void Rules_only_the_same_policy_question_stays_business_so_the_veto_does_not_rest_on_the_model()
    {
        var s = new Chat("familie-app").Register("Tante Joke", ContactKind.Private)
            .Say("Tante Joke", "Fijne vakantie gehad?")
            .Say("Tante Joke", "Klopt het dat de AOW volgend jaar niet omhoog gaat? De buren maken zich zorgen")
            .Suggest(NoExclusion, classifier: Chat.RulesOnly);

        Assert.Equal(MessageLabel.Business, s[1].Label);
        Assert.NotEqual(LabelRules.PrivateContactReason, s[1].Reasons[0]);
    }
}
