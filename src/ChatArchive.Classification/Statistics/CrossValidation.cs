using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Evaluation;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Statistics;

/// <summary>One labeled read-out for training or evaluation: its messages, its registered contacts and its style (the file's name).</summary>
public sealed record LabeledReadOut(string Name, string Style, IReadOnlyList<LabeledMessage> Messages, ContactRegistry Contacts);

/// <summary>
/// What the statistical stage gains on data it was not trained on. Two ways of holding out:
/// <see cref="ByStyle"/> trains on every other style and tests on the held-out one (whole conversations of
/// an unseen writing style); <see cref="ByConversation"/> splits all conversations into folds by a stable
/// hash of their id. Each fold is scored twice with the same rules: without a model and with the fold's model.
/// </summary>
public static class CrossValidation
{
    /// <summary>One held-out part: the rules alone and the rules with the model at each threshold.</summary>
    public sealed record Fold(string HeldOut, EvaluationResult RulesOnly, IReadOnlyList<EvaluationResult> WithModel);

    public static IReadOnlyList<Fold> ByStyle(MessageClassifier classifier, IReadOnlyList<LabeledReadOut> sets, IReadOnlyList<double> thresholds,
        TextModelTrainer.Options? options = null)
    {
        var folds = new List<Fold>();
        foreach (var style in sets.Select(s => s.Style).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var train = sets.Where(s => s.Style != style).ToList();
            var test = sets.Where(s => s.Style == style).ToList();
            folds.Add(Score(classifier, style, Samples(train), test, thresholds, options));
        }
        return folds;
    }

    public static IReadOnlyList<Fold> ByConversation(MessageClassifier classifier, IReadOnlyList<LabeledReadOut> sets, IReadOnlyList<double> thresholds,
        int folds = 5, TextModelTrainer.Options? options = null)
    {
        var result = new List<Fold>();
        for (var f = 0; f < folds; f++)
        {
            var fold = f;
            bool HeldOut(LabeledMessage m) => FoldOf(m.Message.Conversation, folds) == fold;
            var train = sets.Select(s => s with { Messages = s.Messages.Where(m => !HeldOut(m)).ToList() }).ToList();
            var test = sets.Select(s => s with { Messages = s.Messages.Where(HeldOut).ToList() }).Where(s => s.Messages.Count > 0).ToList();
            result.Add(Score(classifier, $"gesprekken deel {f + 1} van {folds}", Samples(train), test, thresholds, options));
        }
        return result;
    }

    /// <summary>The training pairs of some read-outs.</summary>
    public static List<(string Text, MessageLabel Label)> Samples(IEnumerable<LabeledReadOut> sets) =>
        sets.SelectMany(s => s.Messages).Select(m => (m.Message.Text, m.Expected)).ToList();

    /// <summary>Stable over runs and machines (FNV-1a over the id), unlike string.GetHashCode.</summary>
    internal static int FoldOf(string conversation, int folds)
    {
        var h = 2166136261;
        foreach (var c in conversation) h = (h ^ c) * 16777619;
        return (int)(h % (uint)folds);
    }

    private static Fold Score(MessageClassifier classifier, string name, List<(string Text, MessageLabel Label)> train, List<LabeledReadOut> test,
        IReadOnlyList<double> thresholds, TextModelTrainer.Options? options)
    {
        var model = TextModelTrainer.Train(train, $"fold {name}", options);
        var rulesOnly = Evaluate(classifier.WithModel(null), test);
        var withModel = thresholds.Select(t => Evaluate(classifier.WithModel(model, t), test)).ToList();
        return new Fold(name, rulesOnly, withModel);
    }

    private static EvaluationResult Evaluate(MessageClassifier classifier, List<LabeledReadOut> test)
    {
        var total = new EvaluationResult();
        foreach (var set in test) total.Add(ClassifierEvaluation.Run(classifier, set.Messages, set.Contacts));
        return total;
    }
}
