using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Tests.Detection;

/// <summary>Special categories of personal data (AVG art. 9) are flagged whatever the label (ARCHITECTURE.md, labels).</summary>
public class SpecialCategoryTests
{
    [Theory]
    [InlineData("Jan van de directie valt voorlopig uit met een burn-out, ik neem het dossier over.", SpecialCategories.Health)]
    [InlineData("De imam van de moskee in Ede vraagt een gesprek over het inburgeringstraject.", SpecialCategories.Religion)]
    [InlineData("In de rapportage staat per wijk de etnische afkomst van de bewoners.", SpecialCategories.Ethnicity)]
    [InlineData("De klager laat weten dat hij homo is en zich gediscrimineerd voelt.", SpecialCategories.SexualOrientation)]
    [InlineData("De nieuwe teamleider is lid van de PVV, moet ik daar rekening mee houden?", SpecialCategories.PoliticalOpinion)]
    [InlineData("De medewerkers die lid zijn van de FNV willen donderdag staken.", SpecialCategories.TradeUnion)]
    [InlineData("De pilot met vingerafdrukken bij de paspoortbalie moet langs de AP.", SpecialCategories.GeneticBiometric)]
    [InlineData("De aannemer blijkt in 2019 veroordeeld voor fraude.", SpecialCategories.Criminal)]
    public void Special_category_is_flagged_with_a_dutch_reason(string text, string category)
    {
        var s = Chat.One("Pieter van Dam", text);
        Assert.True(s.SpecialCategoryData);
        Assert.Contains(category, s.Categories);
        Assert.Contains(s.Reasons, r => r.StartsWith("bevat mogelijk", StringComparison.Ordinal));
    }

    [Fact]
    public void Special_category_is_flagged_whatever_the_label()
    {
        var business = Chat.One("Daan Verbeek", "Onze contactpersoon bij de GGD ligt in het ziekenhuis, het overleg over het beleid vervalt.");
        var privateMessage = new Chat().Register("Mam", Contacts.ContactKind.Private)
            .Say("Mam", "Papa moet donderdag naar het ziekenhuis voor de uitslag van de scan.").Last();
        Assert.Equal(MessageLabel.Business, business.Label);
        Assert.Equal(MessageLabel.Private, privateMessage.Label);
        Assert.Contains(SpecialCategories.Health, business.Categories);
        Assert.Contains(SpecialCategories.Health, privateMessage.Categories);
    }

    [Fact]
    public void Ordinary_business_message_has_no_special_category()
    {
        var s = Chat.One("Femke Mulder", "Het debat over de woningbouw is verschoven naar dinsdag 14:00, spreektekst volgt.");
        Assert.False(s.SpecialCategoryData);
        Assert.Empty(s.Categories);
    }
}
