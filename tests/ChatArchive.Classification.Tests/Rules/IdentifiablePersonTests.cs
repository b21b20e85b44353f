using ChatArchive.Classification.Rules;

namespace ChatArchive.Classification.Tests.Rules;

/// <summary>
/// Issue 12, item 3: special categories of personal data (AVG art. 9) in everyday phrasing about an
/// identifiable person — a relative's health, burn-out, a religious feast with family, someone's origin.
/// The messages are written for these tests (not taken from any evaluation set); full pipeline, shipped lexicons and model.
/// </summary>
public class IdentifiablePersonTests
{
    [Theory]
    [InlineData(SpecialCategories.Health, "Mijn schoonmoeder ligt sinds gisteren in het ziekenhuis")]
    [InlineData(SpecialCategories.Health, "Gaat het al wat beter met je dochter na de operatie?")]
    [InlineData(SpecialCategories.Health, "Marieke zit al drie maanden thuis met een burn-out")]
    [InlineData(SpecialCategories.Health, "Ik ben overspannen en de huisarts zegt dat ik rust moet nemen")]
    [InlineData(SpecialCategories.Health, "My brother has been off work with burnout since March")]
    [InlineData(SpecialCategories.Health, "Her dad is in hospital after a stroke")]
    [InlineData(SpecialCategories.Religion, "Morgen vieren we het Suikerfeest bij mijn ouders met de hele familie")]
    [InlineData(SpecialCategories.Religion, "Wij zitten met Pesach bij mijn schoonouders")]
    [InlineData(SpecialCategories.Religion, "We celebrate Diwali at my parents' place on Sunday")]
    [InlineData(SpecialCategories.Ethnicity, "Zijn ouders komen oorspronkelijk uit Marokko")]
    [InlineData(SpecialCategories.Ethnicity, "Her family is originally from Suriname")]
    public void Special_categories_about_an_identifiable_person_in_everyday_phrasing_are_found(string category, string text)
    {
        var s = new Chat().Say("Pieter van Dam", text).Suggest();

        Assert.True(s[0].Categories.Contains(category), $"{category} in '{text}': {string.Join(", ", s[0].Categories)}");
        Assert.True(s[0].SpecialCategoryData);
    }

    [Theory]
    [InlineData("Wat naar, sterkte met je schoonmoeder")]
    [InlineData("Beterschap voor je dochter!")]
    public void Get_well_wishes_after_a_relatives_illness_hold_the_health_data_too(string reply)
    {
        var s = new Chat()
            .Say("Pieter van Dam", "Mijn schoonmoeder ligt sinds gisteren in het ziekenhuis, ze is gevallen")
            .Say(Chat.Officeholder, reply)
            .Suggest();

        Assert.Contains(SpecialCategories.Health, s[1].Categories);
    }

    [Theory]
    [InlineData("Het ziekenhuisbudget voor 2026 is rond")]
    [InlineData("De begroting voor de nieuwe operatiekamers is goedgekeurd")]
    public void Policy_about_the_subject_without_a_person_is_no_special_category_data(string text)
    {
        var s = new Chat().Say("Sanne de Vries", text).Suggest();

        Assert.Empty(s[0].Categories);
    }
}
