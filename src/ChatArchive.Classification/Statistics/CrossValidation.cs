using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Evaluation;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Statistics;

/// <summary>
/// One labeled read-out for training or evaluation: its messages, its registered contacts, its style (the file's name)
/// and its author (the set it belongs to: every set was written by another author; null: the style).
/// </summary>
public sealed record LabeledReadOut(string Name, string Style, IReadOnlyList<LabeledMessage> Messages, ContactRegistry Contacts, string? Author = null)
{
    public string AuthorOrStyle => Author ?? Style;
}

/// <summary>
/// What the statistical stage gains on data it was not trained on. Two ways of holding out:
/// <see cref="ByStyle"/> trains on every other style and tests on the held-out one (whole conversations of
/// an unseen writing style); <see cref="ByConversation"/> splits all conversations into folds by a stable
/// hash of their id. Each fold is scored twice with the same rules: without a model and with the fold's model.
/// </summary>
public static class CrossValidation
{
    /// <summary>
    /// One held-out part: the rules alone and the rules with the models at each setting; <paramref name="SpecialThresholds"/> are the
    /// special-category model's thresholds used for this part, chosen on the other parts' held-out messages (never on this part's).
    /// </summary>
    public sealed record Fold(string HeldOut, EvaluationResult RulesOnly, IReadOnlyList<EvaluationResult> WithModel, IReadOnlyList<double> SpecialThresholds);

    /// <summary>
    /// How the model is applied: the probability of private/party-political from which it moves a message away from business
    /// (<see cref="MessageClassifier.ModelThreshold"/>) and the probability of business from which it moves one back
    /// (<see cref="MessageClassifier.ModelBusinessThreshold"/>; 1: never).
    /// </summary>
    public readonly record struct Setting(double Away, double Back = MessageClassifier.DefaultModelBusinessThreshold)
    {
        public override string ToString() => FormattableString.Invariant($"≥ {Away:0.000} / terug ≥ {Back:0.000}");
    }

    /// <summary>
    /// Leave one author out: trains on the sets of every other author and tests on the held-out author's sets, one fold per author.
    /// The honest proxy for a new author: the model and its settings never saw the held-out author's words.
    /// </summary>
    public static IReadOnlyList<Fold> ByAuthor(MessageClassifier classifier, IReadOnlyList<LabeledReadOut> sets, IReadOnlyList<Setting> settings,
        TextModelTrainer.Options? options = null)
    {
        var splits = sets.Select(s => s.AuthorOrStyle).Distinct(StringComparer.Ordinal)
            .Select(author => (author, sets.Where(s => s.AuthorOrStyle != author).ToList(), sets.Where(s => s.AuthorOrStyle == author).ToList()))
            .ToList();
        return Score(classifier, splits, settings, options);
    }

    public static IReadOnlyList<Fold> ByStyle(MessageClassifier classifier, IReadOnlyList<LabeledReadOut> sets, IReadOnlyList<Setting> thresholds,
        TextModelTrainer.Options? options = null)
    {
        var splits = sets.Select(s => s.Style).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(style => (style, sets.Where(s => s.Style != style).ToList(), sets.Where(s => s.Style == style).ToList()))
            .ToList();
        return Score(classifier, splits, thresholds, options);
    }

    public static IReadOnlyList<Fold> ByConversation(MessageClassifier classifier, IReadOnlyList<LabeledReadOut> sets, IReadOnlyList<Setting> thresholds,
        int folds = 5, TextModelTrainer.Options? options = null)
    {
        var splits = new List<(string, List<LabeledReadOut>, List<LabeledReadOut>)>();
        for (var f = 0; f < folds; f++)
        {
            var fold = f;
            bool HeldOut(LabeledMessage m) => FoldOf(m.Message.Conversation, folds) == fold;
            var train = sets.Select(s => s with { Messages = s.Messages.Where(m => !HeldOut(m)).ToList() }).ToList();
            var test = sets.Select(s => s with { Messages = s.Messages.Where(HeldOut).ToList() }).Where(s => s.Messages.Count > 0).ToList();
            splits.Add(($"gesprekken deel {f + 1} van {folds}", train, test));
        }
        return Score(classifier, splits, thresholds, options);
    }

    /// <summary>Stable over runs and machines (FNV-1a over the id), unlike string.GetHashCode.</summary>
    internal static int FoldOf(string conversation, int folds)
    {
        var h = 2166136261;
        foreach (var c in conversation) h = (h ^ c) * 16777619;
        return (int)(h % (uint)folds);
    }

    /// <summary>
    /// Trains both models on each split's training part and scores its held-out part. The special-category model's thresholds for a
    /// part are chosen (<see cref="SpecialCategoryModelTrainer.ChooseThresholds"/>) on the held-out messages of all other parts, each
    /// scored by a model that never saw it: no part is judged with thresholds chosen on its own messages.
    /// </summary>
    private static IReadOnlyList<Fold> Score(MessageClassifier classifier, List<(string Name, List<LabeledReadOut> Train, List<LabeledReadOut> Test)> splits,
        IReadOnlyList<Setting> settings, TextModelTrainer.Options? options)
    {
        var rules = classifier.RulesOnly();
        var trained = splits.Select(split =>
        {
            var train = split.Train.Where(s => s.Messages.Count > 0).ToList();
            var model = TextModelTrainer.Train(train, $"fold {split.Name}", options);
            var special = SpecialCategoryModelTrainer.Train(train, $"fold {split.Name}");
            return (Model: model, Special: special, HeldOut: HeldOutSpecial(rules, special, split.Test));
        }).ToList();
        var folds = new List<Fold>();
        for (var f = 0; f < splits.Count; f++)
        {
            var others = trained.Where((_, g) => g != f).SelectMany(t => t.HeldOut).ToList();
            var thresholds = SpecialCategoryModelTrainer.ChooseThresholds(others);
            var special = trained[f].Special.WithThresholds(thresholds);
            var rulesOnly = Evaluate(rules, splits[f].Test);
            var withModel = settings.Select(t => Evaluate(classifier.WithModel(trained[f].Model, t.Away, businessThreshold: t.Back).WithSpecialModel(special), splits[f].Test))
                .ToList();
            folds.Add(new Fold(splits[f].Name, rulesOnly, withModel, thresholds));
        }
        return folds;
    }

    /// <summary>
    /// The special-category model's thresholds for a model trained on all sets: chosen on every author's messages, each scored by a
    /// model trained on the other authors (leave one author out).
    /// </summary>
    public static double[] SpecialThresholdsByAuthor(MessageClassifier classifier, IReadOnlyList<LabeledReadOut> sets)
    {
        var rules = classifier.RulesOnly();
        var heldOut = new List<SpecialCategoryModelTrainer.HeldOut>();
        foreach (var author in sets.Select(s => s.AuthorOrStyle).Distinct(StringComparer.Ordinal))
        {
            var special = SpecialCategoryModelTrainer.Train(sets.Where(s => s.AuthorOrStyle != author && s.Messages.Count > 0).ToList(), $"fold {author}");
            heldOut.AddRange(HeldOutSpecial(rules, special, sets.Where(s => s.AuthorOrStyle == author).ToList()));
        }
        return SpecialCategoryModelTrainer.ChooseThresholds(heldOut);
    }

    /// <summary>Every message of held-out sets with the special-category model's probabilities, its labeled codes and the rules' codes.</summary>
    public static List<SpecialCategoryModelTrainer.HeldOut> HeldOutSpecial(MessageClassifier rulesOnly, SpecialCategoryModel special, IReadOnlyList<LabeledReadOut> sets)
    {
        // What the rules flag, per message (by reference: the samples come grouped by conversation).
        var flagged = new Dictionary<LabeledMessage, int>(ReferenceEqualityComparer.Instance);
        foreach (var set in sets)
        {
            var messages = set.Messages.Select(m => m.Message).ToList();
            var run = rulesOnly.StartRun(set.Contacts, Domain.Policies.DepartmentPolicy.Default, ConversationParticipants.FromMessages(messages));
            var suggestions = run.ClassifyAll(messages);
            for (var i = 0; i < messages.Count; i++) flagged[set.Messages[i]] = SpecialCategoryModelTrainer.ExpectedMask(suggestions[i].Categories);
        }
        var result = new List<SpecialCategoryModelTrainer.HeldOut>();
        foreach (var (rows, values, message) in TextModelTrainer.ContextSamples(sets))
        {
            var p = new double[SpecialCategoryModel.Count];
            special.Score(rows, values, p);
            result.Add(new SpecialCategoryModelTrainer.HeldOut(p, SpecialCategoryModelTrainer.ExpectedMask(message.ExpectedCategories), flagged[message], message.Message.Id));
        }
        return result;
    }

    private static EvaluationResult Evaluate(MessageClassifier classifier, List<LabeledReadOut> test)
    {
        var total = new EvaluationResult();
        foreach (var set in test) total.Add(ClassifierEvaluation.Run(classifier, set.Messages, set.Contacts));
        return total;
    }
}
