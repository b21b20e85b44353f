using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Matching;
using ChatArchive.Classification.Rules;
using ChatArchive.Classification.Statistics;
using ChatArchive.Classification.Suggestions;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Tests.Statistics;

/// <summary>
/// Issue 12, item 2: the statistical stage (a linear model over hashed words, word pairs and character
/// 4-grams). Small models are trained here on messages written for these tests; they show that the model
/// learns from examples, that it is asked only when the rules say "bij twijfel zakelijk", and that the
/// rules keep their veto: a message with a business word is never moved away from business.
/// </summary>
public class StatisticalStageTests
{
    // Made-up training messages. "zeilboot", "moestuin", "kermis", "tulpen" (no lexicon words) are private here; "rapportage" business.
    private static readonly (string, MessageLabel)[] Examples =
    [
        ("de zeilboot ligt weer in het water", MessageLabel.Private),
        ("in de moestuin staan de tulpen al", MessageLabel.Private),
        ("gaan we zaterdag naar de kermis met de zeilboot", MessageLabel.Private),
        ("de tulpen uit de moestuin staan op tafel", MessageLabel.Private),
        ("kermis was leuk, de zeilboot ook", MessageLabel.Private),
        ("de moestuin en de zeilboot kosten veel tijd", MessageLabel.Private),
        ("de rapportage ligt klaar voor dinsdag", MessageLabel.Business),
        ("kun je de rapportage van het kwartaal sturen", MessageLabel.Business),
        ("de tweede versie van de rapportage heeft opmerkingen nodig", MessageLabel.Business),
        ("de rapportage schuift naar donderdag", MessageLabel.Business),
        ("ledenvergadering van de afdeling, kandidatenlijst bespreken", MessageLabel.PartyPolitical),
        ("de afdeling zoekt vrijwilligers voor het flyeren op de markt", MessageLabel.PartyPolitical),
    ];

    private static readonly TextModel Model = TextModelTrainer.Train(Examples, "test");

    private static double[] Probabilities(TextModel model, string text)
    {
        var tokens = new TokenBuffer();
        tokens.Fill(text);
        var p = new double[TextModel.Classes];
        model.Score(tokens, p);
        return p;
    }

    [Fact]
    public void The_model_learns_which_words_go_with_which_label_and_generalises_to_unseen_inflections()
    {
        // Unseen sentences; "zeilbootje" and "moestuintje" share 4-grams with "zeilboot" and "moestuin".
        var privateText = Probabilities(Model, "het zeilbootje en het moestuintje");
        var businessText = Probabilities(Model, "de rapportages voor morgen");

        Assert.True(privateText[(int)MessageLabel.Private] > 0.5, $"private {privateText[(int)MessageLabel.Private]:0.00}");
        Assert.True(businessText[(int)MessageLabel.Business] > 0.5, $"business {businessText[(int)MessageLabel.Business]:0.00}");
        Assert.Equal(1.0, privateText.Sum(), 6);
    }

    [Fact]
    public void Training_is_deterministic_and_the_model_file_gives_the_same_scores_after_reading()
    {
        var again = TextModelTrainer.Train(Examples, "test");
        using var stream = new MemoryStream();
        Model.Write(stream);
        stream.Position = 0;
        var read = TextModel.Read(stream);

        Assert.Equal("test", read.Description);
        foreach (var text in new[] { "de zeilboot", "de rapportage", "iets heel anders" })
        {
            Assert.Equal(Probabilities(Model, text), Probabilities(again, text));
            Assert.Equal(Probabilities(Model, text), Probabilities(read, text));
        }
    }

    [Fact]
    public void A_file_that_is_no_model_is_refused_in_Dutch()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Compress, leaveOpen: true)) zip.Write([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        stream.Position = 0;

        var e = Assert.Throws<InvalidDataException>(() => TextModel.Read(stream));
        Assert.Contains("train-classifier", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_the_rules_leave_uncertain_is_moved_by_a_confident_model_with_a_reason_that_says_so()
    {
        var text = "de zeilboot en de moestuin";
        var rulesOnly = Suggest(MessageClassifier.Create().WithModel(null), text);
        var withModel = Suggest(MessageClassifier.Create().WithModel(Model, threshold: 0.6), text);

        Assert.Equal(MessageLabel.Business, rulesOnly.Label);
        Assert.Equal(LabelRules.UncertainReason, rulesOnly.Reasons[0]);
        Assert.Equal(MessageLabel.Private, withModel.Label);
        Assert.Equal(LabelRules.StatisticalPrivateReason, withModel.Reasons[0]);
        Assert.Contains("Handreiking §1.5", withModel.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Below_the_threshold_the_rules_verdict_stands()
    {
        var text = "de zeilboot en de moestuin";
        var p = Probabilities(Model, text)[(int)MessageLabel.Private];

        var s = Suggest(MessageClassifier.Create().WithModel(Model, threshold: Math.Min(0.999, p + 0.001)), text);

        Assert.Equal(MessageLabel.Business, s.Label);
        Assert.Equal(LabelRules.UncertainReason, s.Reasons[0]);
    }

    [Fact]
    public void The_veto_a_message_with_a_business_word_is_never_moved_away_from_business_by_the_model()
    {
        // A model trained to call "begroting" private (a wrong lesson) still cannot move a message that holds a business word.
        var wrong = TextModelTrainer.Train(
            [.. Enumerable.Range(0, 20).Select(i => ($"de begroting {i}", MessageLabel.Private)), ("iets anders", MessageLabel.Business)], "wrong lesson");
        var text = "de begroting voor volgend jaar";
        Assert.True(Probabilities(wrong, text)[(int)MessageLabel.Private] > 0.9);

        var s = Suggest(MessageClassifier.Create().WithModel(wrong, threshold: 0.5), text);

        Assert.Equal(MessageLabel.Business, s.Label);
        Assert.DoesNotContain(LabelRules.StatisticalPrivateReason, s.Reasons);
    }

    [Fact]
    public void The_veto_holds_for_a_weak_business_word_too()
    {
        // "trein" alone is weak evidence (weight 0.3, below the rules' "weak" of 0.5), yet enough that the model may not move the message.
        var wrong = TextModelTrainer.Train(
            [.. Enumerable.Range(0, 20).Select(i => ($"rijdt de trein nog {i}", MessageLabel.Private)), ("iets anders", MessageLabel.Business)], "wrong lesson");
        var text = "rijdt de trein straks weer";
        Assert.True(Probabilities(wrong, text)[(int)MessageLabel.Private] > 0.9);

        var s = Suggest(MessageClassifier.Create().WithModel(wrong, threshold: 0.5), text);

        Assert.Equal(MessageLabel.Business, s.Label);
        Assert.DoesNotContain(LabelRules.StatisticalPrivateReason, s.Reasons);
    }

    [Fact]
    public void A_registered_private_contacts_business_request_stays_business_whatever_the_model()
    {
        var wrong = TextModelTrainer.Train(
            [.. Enumerable.Range(0, 20).Select(i => ($"kun je iets doen aan de subsidie voor ons dorp {i}", MessageLabel.Private)), ("iets anders", MessageLabel.Business)], "wrong lesson");
        var chat = new Chat().Register("Tante Riek", ContactKind.Private)
            .Say("Tante Riek", "Kun je iets doen aan de subsidie voor ons dorpshuis? De gemeente wil stoppen.");

        var s = chat.Suggest(classifier: MessageClassifier.Create().WithModel(wrong, threshold: 0.5));

        Assert.Equal(MessageLabel.Business, s[0].Label);
    }

    [Fact]
    public void The_shipped_classifier_carries_a_trained_model_that_says_what_it_was_trained_on()
    {
        var shipped = MessageClassifier.Create();

        Assert.NotNull(shipped.Model);
        Assert.Contains("messages", shipped.Model!.Description, StringComparison.Ordinal);
        Assert.Equal(MessageClassifier.DefaultModelThreshold, shipped.ModelThreshold);
    }

    [Fact]
    public void Cross_validation_by_conversation_holds_every_conversation_out_exactly_once()
    {
        var messages = Enumerable.Range(0, 40).Select(i => new ChatArchive.Classification.Evaluation.LabeledMessage(
            new MessageToClassify($"m{i}", $"c{i / 4}", "Kees", Examples[i % Examples.Length].Item1), Examples[i % Examples.Length].Item2, [], false)).ToList();
        var set = new LabeledReadOut("test", "test", messages, ContactRegistry.Empty);

        var folds = CrossValidation.ByConversation(MessageClassifier.Create(), [set], [new CrossValidation.Setting(0.9)], folds: 3);

        Assert.Equal(3, folds.Count);
        Assert.Equal(40, folds.Sum(f => f.RulesOnly.Messages));
        Assert.All(folds, f => Assert.Equal(f.RulesOnly.Messages, f.WithModel[0].Messages));
    }

    // Made-up read-outs of two authors for the context model: "kwartaalcijfers"/"offerte" (no lexicon words) are business here,
    // "zeilboot"/"moestuin" private; the registered private contact "Oom Henk" sends both.
    private static LabeledReadOut Author(string author, int conversations)
    {
        var messages = new List<ChatArchive.Classification.Evaluation.LabeledMessage>();
        for (var c = 0; c < conversations; c++)
        {
            var business = c % 2 == 0;
            for (var m = 0; m < 4; m++)
            {
                var text = business ? $"de kwartaalcijfers en de offerte deel {m}" : $"de zeilboot en de moestuin deel {m}";
                messages.Add(new(new MessageToClassify($"{author}-c{c}-m{m}", $"{author}-c{c}", m % 2 == 0 ? "Oom Henk" : Chat.Officeholder, text),
                    business ? MessageLabel.Business : MessageLabel.Private, [], false));
            }
        }
        return new LabeledReadOut(author, "familie", messages, new ContactRegistry([new("Oom Henk", ContactKind.Private)]), author);
    }

    [Fact]
    public void A_message_private_only_by_its_contact_goes_back_to_business_when_its_words_and_its_conversation_say_business()
    {
        var model = TextModelTrainer.Train([Author("a", 8), Author("b", 8)], "test");
        var chat = new Chat("oom").Register("Oom Henk", ContactKind.Private)
            .Say("Oom Henk", "de kwartaalcijfers en de offerte")
            .Say(Chat.Officeholder, "de offerte en de kwartaalcijfers");

        var rulesOnly = chat.Suggest(classifier: Chat.RulesOnly);
        var withModel = chat.Suggest(classifier: Chat.RulesOnly.WithModel(model));

        Assert.Equal(MessageLabel.Private, rulesOnly[0].Label);
        Assert.Equal(LabelRules.PrivateContactReason, rulesOnly[0].Reasons[0]);
        Assert.Equal(MessageLabel.Business, withModel[0].Label);
        Assert.Equal(LabelRules.StatisticalBusinessReason, withModel[0].Reasons[0]);
        Assert.StartsWith("taalmodel: lijkt op zakelijke berichten", withModel[0].Reasons[0], StringComparison.Ordinal);
        Assert.Contains("Handreiking §1.5", withModel[0].Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_contact_keeps_a_private_message_private_when_the_model_reads_it_as_private()
    {
        var model = TextModelTrainer.Train([Author("a", 8), Author("b", 8)], "test");
        var chat = new Chat("oom").Register("Oom Henk", ContactKind.Private)
            .Say("Oom Henk", "de zeilboot en de moestuin")
            .Say(Chat.Officeholder, "de moestuin en de zeilboot");

        var s = chat.Suggest(classifier: Chat.RulesOnly.WithModel(model));

        Assert.All(s, x => Assert.Equal(MessageLabel.Private, x.Label));
        Assert.DoesNotContain(LabelRules.StatisticalBusinessReason, s[0].Reasons);
    }

    [Fact]
    public void The_streaming_rule_stage_never_moves_a_message_back_to_business_without_its_conversation()
    {
        var model = TextModelTrainer.Train([Author("a", 8), Author("b", 8)], "test");
        var chat = new Chat("oom").Register("Oom Henk", ContactKind.Private).Say("Oom Henk", "de kwartaalcijfers en de offerte");

        var s = chat.Classify(classifier: Chat.RulesOnly.WithModel(model));

        Assert.Equal(MessageLabel.Private, s[0].Label);
        Assert.Equal(LabelRules.PrivateContactReason, s[0].Reasons[0]);
    }

    [Fact]
    public void The_neighbours_and_the_conversation_move_the_model_for_a_message_without_words_of_its_own()
    {
        var model = TextModelTrainer.Train([Author("a", 8), Author("b", 8)], "test");
        var tokens = new TokenBuffer();
        var width = TextModel.Parts * TextModel.Classes;
        double[] Parts(string text)
        {
            tokens.Fill(text);
            var parts = new double[width];
            model.ScoreParts(tokens, parts);
            return parts;
        }
        var neutral = Parts("ja");
        var business = Parts("de kwartaalcijfers en de offerte");
        var conversation = neutral.Zip(business, (x, y) => x + 2 * y).ToArray();
        var alone = new double[TextModel.Classes];
        var inContext = new double[TextModel.Classes];

        model.Combine(neutral, default, default, neutral, 1, null, alone);
        model.Combine(neutral, business, business, conversation, 3, null, inContext);

        Assert.True(inContext[(int)MessageLabel.Business] > alone[(int)MessageLabel.Business] + 0.05,
            $"alone {alone[(int)MessageLabel.Business]:0.00}, in context {inContext[(int)MessageLabel.Business]:0.00}");
    }

    [Fact]
    public void Leave_one_author_out_tests_every_author_once_on_a_model_that_never_saw_that_author()
    {
        var sets = new[] { Author("a", 4), Author("b", 4), Author("c", 2) };

        var folds = CrossValidation.ByAuthor(Chat.RulesOnly, sets, [new CrossValidation.Setting(0.9), new CrossValidation.Setting(0.9, 1)]);

        Assert.Equal(["a", "b", "c"], folds.Select(f => f.HeldOut));
        Assert.Equal(sets.Select(s => s.Messages.Count), folds.Select(f => f.RulesOnly.Messages));
        Assert.All(folds, f => Assert.Equal(2, f.WithModel.Count));
    }

    private static Suggestion Suggest(MessageClassifier classifier, string text) =>
        new Chat().Say("Kees", text).Say(Chat.Officeholder, "Ja").Suggest(classifier: classifier)[0];
}
