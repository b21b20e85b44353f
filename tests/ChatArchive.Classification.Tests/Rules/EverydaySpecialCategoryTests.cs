using ChatArchive.Classification.Detection;
using ChatArchive.Classification.Matching;

namespace ChatArchive.Classification.Tests.Rules;

/// <summary>
/// Issue 12, item 2: special categories (AVG art. 9) in everyday phrasing about identifiable persons — political opinions
/// of third parties, sexual orientation (also when only the partner's sex shows it), origin, health, religion, union
/// membership, criminal data. Every message is written for these tests (none is taken from an evaluation set); full
/// pipeline with the shipped lexicons and model.
/// </summary>
public class EverydaySpecialCategoryTests
{
    [Theory]
    [InlineData(SpecialCategories.PoliticalOpinion, "Mijn buurman stemt altijd PVV, daar valt niet mee te praten")]
    [InlineData(SpecialCategories.PoliticalOpinion, "Ze is fel tegen de coalitie en zegt dat ook overal")]
    [InlineData(SpecialCategories.PoliticalOpinion, "Mijn zwager is een echte VVD'er, dus dat wordt een gezellige discussie")]
    [InlineData(SpecialCategories.PoliticalOpinion, "Oom Gerrit is sinds kort lid van een boerenpartij")]
    [InlineData(SpecialCategories.PoliticalOpinion, "Die wethouder zegt dat hij de volgende keer op een andere partij stemt")]
    [InlineData(SpecialCategories.PoliticalOpinion, "His father is strongly against the government and says so at every dinner")]
    [InlineData(SpecialCategories.SexualOrientation, "Ze is lesbisch en woont samen met haar vriendin in Gouda")]
    [InlineData(SpecialCategories.SexualOrientation, "Zijn coming-out was vorig jaar, zijn ouders reageerden goed")]
    [InlineData(SpecialCategories.SexualOrientation, "Thijs komt met zijn man naar het diner")]
    [InlineData(SpecialCategories.Ethnicity, "Zijn ouders komen uit Marokko, hij is in Utrecht geboren")]
    [InlineData(SpecialCategories.Ethnicity, "Ze heeft een Surinaamse achtergrond en spreekt daar open over")]
    [InlineData(SpecialCategories.Health, "Mijn broer moet volgende week geopereerd worden aan zijn hart")]
    [InlineData(SpecialCategories.Health, "Ze slikt sinds kort medicijnen tegen haar angst")]
    [InlineData(SpecialCategories.Health, "Lotte is zwanger van de tweede!")]
    [InlineData(SpecialCategories.Health, "Hij zit thuis met een burn-out en gaat naar therapie")]
    [InlineData(SpecialCategories.Religion, "Ik kom na de kerkdienst, rond twaalf uur")]
    [InlineData(SpecialCategories.Religion, "Tijdens de Ramadan eet hij pas na zonsondergang")]
    [InlineData(SpecialCategories.Religion, "Haar zoon doet zijn bar mitswa in de synagoge")]
    [InlineData(SpecialCategories.TradeUnion, "Mijn vader is al dertig jaar lid van de FNV")]
    [InlineData(SpecialCategories.Criminal, "Zijn neef is vorige week veroordeeld voor diefstal")]
    public void Everyday_phrasing_about_an_identifiable_person_is_found(string category, string text)
    {
        var s = new Chat().Say("Pieter van Dam", text).Suggest();

        Assert.True(s[0].Categories.Contains(category), $"{category} in '{text}': {string.Join(", ", s[0].Categories)}");
    }

    [Theory]
    [InlineData("Bas Hendriks", "Mijn man en ik komen graag op je feest")]
    [InlineData("Claire Dubois", "My wife and I will be in Den Haag on Friday, dinner?")]
    [InlineData("Joris", "Niels en ik gaan in september trouwen!")]
    [InlineData("Sanne de Wit", "Ik ga met mijn vriendin samenwonen in Leiden")]
    public void A_partner_of_the_writers_own_sex_is_sexual_orientation_data(string sender, string text)
    {
        var s = new Chat().Say(sender, text).Suggest();

        Assert.Contains(SpecialCategories.SexualOrientation, s[0].Categories);
        Assert.Contains(MessageClassifier.SameSexPartnerReason, s[0].Reasons);
    }

    [Theory]
    [InlineData("Marloes Verbeek", "Mijn man haalt de kinderen op")]
    [InlineData("Bas Hendriks", "Mijn vrouw komt ook naar de borrel")]
    [InlineData("Sanne de Wit", "Mijn vriendin en ik gaan vanavond naar de film")]
    [InlineData("Chris Jansen", "Mijn man komt ook")]
    public void A_partner_of_the_other_sex_or_an_unknown_writer_says_nothing(string sender, string text)
    {
        var s = new Chat().Say(sender, text).Suggest();

        Assert.DoesNotContain(SpecialCategories.SexualOrientation, s[0].Categories);
    }

    [Fact]
    public void Congratulating_on_a_same_sex_wedding_comments_on_the_fact_and_holds_it_too()
    {
        var s = new Chat()
            .Say("Bas Hendriks", "Groot nieuws: Mark en ik gaan in mei trouwen!")
            .Say(Chat.Officeholder, "Gefeliciteerd jullie twee, wat een mooi nieuws")
            .Suggest();

        Assert.Contains(SpecialCategories.SexualOrientation, s[0].Categories);
        Assert.Contains(SpecialCategories.SexualOrientation, s[1].Categories);
    }

    [Fact]
    public void The_names_list_gives_a_sex_only_for_names_it_holds()
    {
        Assert.Equal('m', SameSexPartner.SexOf("bas"));
        Assert.Equal('v', SameSexPartner.SexOf("sanne"));
        Assert.Equal('\0', SameSexPartner.SexOf("chris"));
        var tokens = new TokenBuffer();
        tokens.Fill("mijn man komt ook");
        Assert.False(SameSexPartner.Detect("Onbekend Persoon", tokens));
        Assert.True(SameSexPartner.Detect("Bas", tokens));
    }

    [Theory]
    [InlineData("De coalitie is het eens over de begroting")]
    [InlineData("Het ziekenhuisbudget voor volgend jaar is rond")]
    [InlineData("Mijn man haalt de kinderen op na de training")]
    public void Policy_and_ordinary_family_talk_hold_no_special_category(string text)
    {
        var s = new Chat().Say("Eva de Boer", text).Suggest();

        Assert.Empty(s[0].Categories);
    }
}
