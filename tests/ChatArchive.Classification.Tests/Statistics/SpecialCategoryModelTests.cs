using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Evaluation;
using ChatArchive.Classification.Statistics;
using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Tests.Statistics;

/// <summary>
/// Issue 12, item 1: the special-category model (one logistic regression per code over the hashed features of the message and
/// its conversation) beside the rules. A small model is trained here on made-up messages: "beugel", "orthodontist" and
/// "kaakchirurg" are no lexicon words, so only the model can flag them as health.
/// </summary>
public class SpecialCategoryModelTests
{
    private static readonly string[] Health =
    [
        "mijn dochter krijgt volgende week een beugel van de orthodontist",
        "de kaakchirurg zegt dat de beugel er nog een jaar in moet",
        "na de kaakchirurg mag hij drie dagen alleen vla eten",
        "de orthodontist heeft de beugel weer strakker gezet",
        "afspraak bij de kaakchirurg verzet naar donderdag, beugel doet pijn",
        "haar beugel is gebroken, morgen naar de orthodontist",
    ];

    private static readonly string[] Other =
    [
        "de notitie over de begroting ligt klaar",
        "zaterdag gaan we met de fiets naar het strand",
        "kun je de agenda van dinsdag sturen",
        "de vergadering schuift naar vrijdag",
        "we eten vanavond pannenkoeken bij oma",
        "het verslag van het overleg staat in de map",
        "de trein had vertraging, ik ben er om tien uur",
        "leuke foto's van de vakantie!",
    ];

    private static readonly SpecialCategoryModel Model = Train();

    private static SpecialCategoryModel Train()
    {
        var messages = new List<LabeledMessage>();
        foreach (var (text, i) in Health.Select((t, i) => (t, i)))
        {
            messages.Add(new LabeledMessage(new MessageToClassify($"h{i}", $"gh{i}", "Anna Vos", text), MessageLabel.Private, [SpecialCategories.Health], false));
        }
        foreach (var (text, i) in Other.Select((t, i) => (t, i)))
        {
            messages.Add(new LabeledMessage(new MessageToClassify($"o{i}", $"go{i}", "Anna Vos", text), MessageLabel.Business, [], false));
        }
        var readOut = new LabeledReadOut("test", "test", messages, new ContactRegistry(new Dictionary<string, ContactKind>()));
        var thresholds = Enumerable.Repeat(2.0, SpecialCategoryModel.Count).ToArray();
        thresholds[SpecialCategoryModel.Codes.ToList().IndexOf(SpecialCategories.Health)] = 0.5;
        return SpecialCategoryModelTrainer.Train([readOut], "test", thresholds, new SpecialCategoryModelTrainer.Options(Epochs: 30));
    }

    [Fact]
    public void The_model_flags_everyday_phrasing_the_lexicons_do_not_know_with_a_reason_that_says_so_and_cites_the_guidance()
    {
        var chat = new Chat().Say("Femke Mulder", "Morgen moet Sanne weer naar de orthodontist voor haar beugel");

        var rulesOnly = chat.Suggest(classifier: Chat.RulesOnly);
        var withModel = chat.Suggest(classifier: Chat.RulesOnly.WithSpecialModel(Model));

        Assert.DoesNotContain(SpecialCategories.Health, rulesOnly[0].Categories);
        Assert.Contains(SpecialCategories.Health, withModel[0].Categories);
        var reason = Assert.Single(withModel[0].Reasons, r => r.StartsWith("taalmodel:", StringComparison.Ordinal));
        Assert.Contains("gezondheidsgegevens", reason, StringComparison.Ordinal);
        Assert.Contains("Handreiking §2.2.2", reason, StringComparison.Ordinal);
        // Only the special categories change: the label is the rules' own.
        Assert.Equal(rulesOnly[0].Label, withModel[0].Label);
    }

    [Fact]
    public void The_model_leaves_a_message_without_such_words_alone_and_the_streaming_rule_stage_never_asks_it()
    {
        var chat = new Chat()
            .Say("Femke Mulder", "De notitie over de begroting gaat vrijdag naar de minister")
            .Say("Femke Mulder", "Morgen moet Sanne weer naar de orthodontist voor haar beugel");

        var full = chat.Suggest(classifier: Chat.RulesOnly.WithSpecialModel(Model));
        var streaming = chat.Classify(classifier: Chat.RulesOnly.WithSpecialModel(Model));

        Assert.Empty(full[0].Categories);
        Assert.Contains(SpecialCategories.Health, full[1].Categories);
        Assert.All(streaming, s => Assert.Empty(s.Categories));
    }

    [Fact]
    public void A_reply_does_not_take_over_a_code_that_only_the_model_flagged_but_does_one_the_rules_found()
    {
        var byModel = new Chat()
            .Say("Femke Mulder", "Morgen moet Sanne weer naar de orthodontist voor haar beugel", id: "a")
            .Say(Chat.Officeholder, "Wat vervelend, veel sterkte voor haar", replyTo: "a")
            .Suggest(classifier: Chat.RulesOnly.WithSpecialModel(Model));
        var byRules = new Chat()
            .Say("Femke Mulder", "Mijn vader is vannacht geopereerd aan zijn hart", id: "a")
            .Say(Chat.Officeholder, "Wat vervelend, veel sterkte voor hem", replyTo: "a")
            .Suggest(classifier: Chat.RulesOnly.WithSpecialModel(Model));

        Assert.Contains(SpecialCategories.Health, byModel[0].Categories);
        // The reply may still be flagged by the model itself (its conversation is about the braces), never as a follow-up.
        Assert.DoesNotContain(MessageClassifier.HealthFollowUpReason, byModel[1].Reasons);
        Assert.Contains(SpecialCategories.Health, byRules[1].Categories);
        Assert.Contains(MessageClassifier.HealthFollowUpReason, byRules[1].Reasons);
    }

    [Fact]
    public void Thresholds_are_chosen_per_code_so_that_the_rules_and_the_model_together_stay_precise_on_held_out_messages()
    {
        var health = SpecialCategoryModel.Codes.ToList().IndexOf(SpecialCategories.Health);
        var orientation = SpecialCategoryModel.Codes.ToList().IndexOf(SpecialCategories.SexualOrientation);
        var bit = 1 << health;
        var heldOut = new List<SpecialCategoryModelTrainer.HeldOut>();
        double[] P(double p)
        {
            var result = new double[SpecialCategoryModel.Count];
            result[health] = p;
            result[orientation] = p;
            return result;
        }
        // The rules: 8 flags, all right. The model on the rest, best first: 0.9 right, 0.8 right, 0.7 wrong, 0.6 right, 0.5 wrong,
        // 0.4 wrong, 0.3 wrong, 0.2 wrong; 0.01 right (below the lowest threshold).
        for (var i = 0; i < 8; i++) heldOut.Add(new(P(0.99), bit, bit));
        foreach (var (p, right) in new[] { (0.9, true), (0.8, true), (0.7, false), (0.6, true), (0.5, false), (0.4, false), (0.3, false), (0.2, false), (0.01, true) })
        {
            heldOut.Add(new(P(p), right ? bit | (1 << orientation) : 0, 0));
        }

        var thresholds = SpecialCategoryModelTrainer.ChooseThresholds(heldOut, targetPrecision: 0.75);

        // At 0.4: 8 + 3 right of 8 + 6 flagged = 78.6 %; at 0.3: 11 of 15 = 73.3 %: 0.4 is the lowest that keeps 75 %.
        Assert.Equal(0.4, thresholds[health]);
        // Sexual orientation is left to the rules' detector whatever the numbers; a code with no right additions is never flagged.
        Assert.Equal(2, thresholds[orientation]);
        Assert.All(thresholds.Where((_, k) => k != health && k != orientation), t => Assert.Equal(2, t));
    }

    [Fact]
    public void The_model_file_gives_the_same_flags_after_reading_and_the_shipped_classifier_carries_one_with_its_thresholds()
    {
        using var file = new MemoryStream();
        Model.Write(file);
        file.Position = 0;
        var read = SpecialCategoryModel.Read(file);
        var chat = new Chat().Say("Femke Mulder", "Morgen moet Sanne weer naar de orthodontist voor haar beugel");

        Assert.Equal(Model.Thresholds, read.Thresholds);
        Assert.Equal(chat.Suggest(classifier: Chat.RulesOnly.WithSpecialModel(Model))[0].Categories,
            chat.Suggest(classifier: Chat.RulesOnly.WithSpecialModel(read))[0].Categories);

        var shipped = MessageClassifier.Create().Special;
        Assert.NotNull(shipped);
        Assert.Equal(SpecialCategoryModel.Count, shipped!.Thresholds.Count);
        Assert.True(shipped.Thresholds[SpecialCategoryModel.Codes.ToList().IndexOf(SpecialCategories.SexualOrientation)] > 1);
        Assert.Contains(shipped.Thresholds, t => t <= 1);
    }

    [Fact]
    public void A_file_that_is_no_special_category_model_is_refused_in_Dutch()
    {
        using var file = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(new byte[32]);
        }
        file.Position = 0;

        var e = Assert.Throws<InvalidDataException>(() => SpecialCategoryModel.Read(file));
        Assert.Contains("Train het opnieuw", e.Message, StringComparison.Ordinal);
    }
}
