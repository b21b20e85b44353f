using System.Text;
using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Suggestions;

namespace ChatArchive.Classification.Tests.Lexicons;

public class ContactRegistryTests
{
    private static ContactRegistry Parse(string json) => ContactRegistry.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "contacts.json");

    [Fact]
    public void Contacts_file_maps_a_sender_to_private_or_party_political()
    {
        var r = Parse("""{ "Mam": "private", "Karin Smit": "party-political" }""");
        Assert.Equal(ContactKind.Private, r.Find("mam "));
        Assert.Equal(ContactKind.PartyPolitical, r.Find("Karin Smit"));
        Assert.Null(r.Find("Pieter van Dam"));
    }

    [Fact]
    public void Contacts_file_with_unknown_kind_is_refused_with_a_dutch_message()
    {
        var e = Assert.Throws<ClassificationInputException>(() => Parse("""{ "Mam": "familie" }"""));
        Assert.Contains("Gebruik \"private\" of \"party-political\"", e.Message);
        Assert.DoesNotContain("Mam", e.Message);
    }
}
