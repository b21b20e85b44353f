using ChatArchive.Classification.Lexicons;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Tests.Lexicons;

/// <summary>Lexicons are data, not code (issue 4 §3).</summary>
public class LexiconTests
{
    [Fact]
    public void Shipped_lexicons_are_dutch_and_english_with_category_and_weight_per_entry()
    {
        var set = LexiconSet.Load();
        Assert.Contains(set.Lexicons, l => l.Language == "nl");
        Assert.Contains(set.Lexicons, l => l.Language == "en");
        Assert.All(set.Lexicons, l => Assert.False(string.IsNullOrWhiteSpace(l.Version)));
        Assert.True(set.Entries.Count > 300);
        Assert.All(set.Entries, e => Assert.True(e.Weight != 0 && Math.Abs(e.Weight) <= LexiconLoader.MaxAbsoluteWeight));
        foreach (var group in Enum.GetValues<CategoryGroup>())
        {
            Assert.Contains(set.Entries, e => e.Category.Group == group);
        }
    }

    [Fact]
    public void Classifier_reports_which_lexicon_entry_fired()
    {
        var s = Chat.One("Rachid El Idrissi", "Gefeliciteerd met je verjaardag!");
        Assert.Contains("bevat felicitatie (nl-standaard: 'gefeliciteerd')", s.Reasons);
    }

    [Fact]
    public void Matching_ignores_case_accents_and_punctuation()
    {
        var s = Chat.One("Femke Mulder", "GECONDOLEERD. Véél sterkte!");
        Assert.Equal(MessageLabel.Private, s.Label);
        Assert.Contains(s.Reasons, r => r.Contains("'veel sterkte'", StringComparison.Ordinal));
    }

    [Fact]
    public void Entry_ending_in_a_star_matches_the_start_of_a_word()
    {
        var s = Chat.One("Bas Hoekstra", "Hebben we deze maand nieuwe donateurs voor de afdeling?");
        Assert.Contains(s.Reasons, r => r.Contains("'donateur*'", StringComparison.Ordinal));
    }

    [Fact]
    public void Entry_starting_with_a_star_matches_the_end_of_a_dutch_compound()
    {
        var s = Chat.One("Arjen Mol", "Mijn rugoperatie is goed gegaan, volgende week mag ik naar huis.");
        Assert.Contains(SpecialCategories.Health, s.Categories);
        Assert.Contains(s.Reasons, r => r.Contains("'*operatie'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("*op")]
    [InlineData("*rug operatie")]
    [InlineData("*operatie*")]
    public void Suffix_entry_must_be_one_word_of_at_least_four_letters(string term)
    {
        var json = "{ \"id\": \"x\", \"version\": \"1\", \"language\": \"nl\", \"entries\": [ { \"term\": \"" + term + "\", \"category\": \"special/health\", \"weight\": 1 } ] }";
        var e = Assert.Throws<LexiconException>(() => LexiconLoader.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "fout.json"));
        Assert.Contains("een * vooraan", e.Message);
    }

    [Fact]
    public void Department_lexicon_folder_adds_entries_without_code_change()
    {
        const string text = "Zaterdag is de jaarlijkse schuttersfeest-optocht in ons dorp, kom je kijken?";
        Assert.Equal(MessageLabel.Business, Chat.One("Kees Bos", text).Label);

        var folder = Directory.CreateTempSubdirectory("lexicon-");
        File.WriteAllText(Path.Combine(folder.FullName, "bzk-eigen.json"), """
            { "id": "bzk-eigen", "version": "2026.1", "language": "nl",
              "entries": [ { "term": "schuttersfeest*", "category": "private/social", "weight": 1.0 } ] }
            """);
        var classifier = MessageClassifier.Create(folder.FullName);
        var s = new Chat().Say("Kees Bos", text).Last(classifier: classifier);

        Assert.Equal(MessageLabel.Private, s.Label);
        Assert.Contains("gaat over een sociale afspraak of vrije tijd (bzk-eigen: 'schuttersfeest*')", s.Reasons);
        Assert.Contains(classifier.Lexicons.Lexicons, l => l.Id == "bzk-eigen" && l.Version == "2026.1");
    }

    [Fact]
    public void Department_entry_replaces_the_weight_of_the_same_shipped_entry()
    {
        var folder = Directory.CreateTempSubdirectory("lexicon-");
        File.WriteAllText(Path.Combine(folder.FullName, "a.json"), """
            { "id": "dept", "version": "1", "language": "nl",
              "entries": [ { "term": "borrel", "category": "private/social", "weight": 0.1 } ] }
            """);
        var set = LexiconSet.Load(folder.FullName);
        var borrel = Assert.Single(set.Entries, e => e.Term == "borrel" && e.Category.Name == "private/social");
        Assert.Equal(0.1, borrel.Weight);
        Assert.Equal("dept", borrel.LexiconId);
    }

    [Theory]
    [InlineData("""{ "id": "x", "version": "1", "language": "nl", "entries": [ { "term": "feest", "category": "prive", "weight": 1 } ] }""", "onbekende categorie 'prive'")]
    [InlineData("""{ "id": "x", "version": "1", "language": "nl", "entries": [ { "term": "feest", "category": "private/social", "weight": 0 } ] }""", "\"weight\" moet een getal zijn")]
    [InlineData("""{ "id": "x", "version": "1", "language": "nl", "entries": [ { "term": "!!", "category": "private/social", "weight": 1 } ] }""", "bevat geen letters of cijfers")]
    [InlineData("""{ "id": "x", "language": "nl", "entries": [] }""", "het veld \"version\" ontbreekt")]
    [InlineData("""{ "id": "x", "version": "1", "language": "nl", "entries": [ """, "geen geldige JSON")]
    public void Unusable_lexicon_file_is_refused_with_a_dutch_message(string json, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("lexicon-");
        File.WriteAllText(Path.Combine(folder.FullName, "fout.json"), json);
        var e = Assert.Throws<LexiconException>(() => LexiconSet.Load(folder.FullName));
        Assert.Contains(expected, e.Message);
        Assert.Contains("fout.json", e.Message);
    }

    [Fact]
    public void Missing_lexicon_folder_is_refused_with_a_dutch_message()
    {
        var e = Assert.Throws<LexiconException>(() => LexiconSet.Load("/tmp/bestaat-niet-" + Guid.NewGuid()));
        Assert.Contains("bestaat niet", e.Message);
    }
}
