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
    /// <summary>One held-out part: the rules alone and the rules with the model at each setting.</summary>
    public sealed record Fold(string HeldOut, EvaluationResult RulesOnly, IReadOnlyList<EvaluationResult> WithModel);

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
        var folds = new List<Fold>();
        foreach (var author in sets.Select(s => s.AuthorOrStyle).Distinct(StringComparer.Ordinal))
        {
            var train = sets.Where(s => s.AuthorOrStyle != author).ToList();
            var test = sets.Where(s => s.AuthorOrStyle == author).ToList();
            folds.Add(Score(classifier, author, train, test, settings, options));
        }
        return folds;
    }

    public static IReadOnlyList<Fold> ByStyle(MessageClassifier classifier, IReadOnlyList<LabeledReadOut> sets, IReadOnlyList<Setting> thresholds,
        TextModelTrainer.Options? options = null)
    {
        var folds = new List<Fold>();
        foreach (var style in sets.Select(s => s.Style).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var train = sets.Where(s => s.Style != style).ToList();
            var test = sets.Where(s => s.Style == style).ToList();
            folds.Add(Score(classifier, style, train, test, thresholds, options));
        }
        return folds;
    }

    public static IReadOnlyList<Fold> ByConversation(MessageClassifier classifier, IReadOnlyList<LabeledReadOut> sets, IReadOnlyList<Setting> thresholds,
        int folds = 5, TextModelTrainer.Options? options = null)
    {
        var result = new List<Fold>();
        for (var f = 0; f < folds; f++)
        {
            var fold = f;
            bool HeldOut(LabeledMessage m) => FoldOf(m.Message.Conversation, folds) == fold;
            var train = sets.Select(s => s with { Messages = s.Messages.Where(m => !HeldOut(m)).ToList() }).ToList();
            var test = sets.Select(s => s with { Messages = s.Messages.Where(HeldOut).ToList() }).Where(s => s.Messages.Count > 0).ToList();
            result.Add(Score(classifier, $"gesprekken deel {f + 1} van {folds}", train, test, thresholds, options));
        }
        return result;
    }

    /// <summary>Stable over runs and machines (FNV-1a over the id), unlike string.GetHashCode.</summary>
    internal static int FoldOf(string conversation, int folds)
    {
        var h = 2166136261;
        foreach (var c in conversation) h = (h ^ c) * 16777619;
        return (int)(h % (uint)folds);
    }

    private static Fold Score(MessageClassifier classifier, string name, List<LabeledReadOut> train, List<LabeledReadOut> test,
        IReadOnlyList<Setting> settings, TextModelTrainer.Options? options)
    {
        var model = TextModelTrainer.Train(train.Where(s => s.Messages.Count > 0).ToList(), $"fold {name}", options);
        var rulesOnly = Evaluate(classifier.WithModel(null), test);
        var withModel = settings.Select(t => Evaluate(classifier.WithModel(model, t.Away, businessThreshold: t.Back), test)).ToList();
        return new Fold(name, rulesOnly, withModel);
    }

    private static EvaluationResult Evaluate(MessageClassifier classifier, List<LabeledReadOut> test)
    {
        var total = new EvaluationResult();
        foreach (var set in test) total.Add(ClassifierEvaluation.Run(classifier, set.Messages, set.Contacts));
        return total;
    }
}
