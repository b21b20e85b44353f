using ChatArchive.Classification.Rules;

namespace ChatArchive.Classification.Statistics;

/// <summary>
/// Trains <see cref="SpecialCategoryModel"/>: per special category one logistic regression (this code against all other
/// messages) by stochastic gradient descent with L2 on the touched rows, a fixed number of epochs and a fixed shuffle seed, so the
/// same labeled messages always give the same file. Every labeled message of the sets counts; a message labeled with a code is a
/// positive example of that code, every other message a negative one. The thresholds are chosen apart
/// (<see cref="ChooseThresholds"/>) on held-out authors.
/// </summary>
public static class SpecialCategoryModelTrainer
{
    public sealed record Options(int Epochs = 15, double LearningRate = 0.5, double L2 = 1e-5, int Seed = 12, double PositiveWeight = 1);

    /// <summary>One message scored by a model that never saw its author: its probabilities, its labeled codes and what the rules flagged (bits per <see cref="SpecialIndex"/>).</summary>
    public readonly record struct HeldOut(double[] Probabilities, int Expected, int Rules, string Id = "");

    /// <summary>
    /// The precision per code (the rules' flags and the model's together) that <see cref="ChooseThresholds"/> keeps on held-out authors:
    /// above the 70 % of the target, so that a new author's messages stay at or above it.
    /// </summary>
    public const double TargetPrecision = 0.8;

    /// <summary>Below this probability the model never flags a code, whatever the held-out precision says.</summary>
    public const double LowestThreshold = 0.05;

    /// <summary>
    /// Codes the model never flags: sexual orientation rests on who is whose partner ("mijn man" from a man or from a woman), which
    /// the rules' detector checks against the writer's name and words alone cannot tell.
    /// </summary>
    public static readonly IReadOnlySet<string> RulesOnlyCodes = new HashSet<string>(StringComparer.Ordinal) { SpecialCategories.SexualOrientation };

    public static SpecialCategoryModel Train(IReadOnlyList<LabeledReadOut> readOuts, string description, IReadOnlyList<double>? thresholds = null, Options? options = null)
    {
        options ??= new Options();
        var samples = TextModelTrainer.ContextSamples(readOuts).Select(s => (s.Rows, s.Values, Expected: ExpectedMask(s.Message.ExpectedCategories))).ToList();
        var n = SpecialCategoryModel.Count;
        var weights = new float[SpecialCategoryModel.Rows * n];
        var model = new SpecialCategoryModel(weights, thresholds?.ToArray() ?? Enumerable.Repeat(2.0, n).ToArray(), description);
        var bias = TextModel.BiasRow * n;
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var random = new Random(options.Seed);
        Span<double> p = stackalloc double[n];
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            var rate = options.LearningRate / (1 + epoch * 0.25);
            foreach (var i in order)
            {
                var (rows, values, expected) = samples[i];
                model.Score(rows, values, p);
                for (var k = 0; k < n; k++)
                {
                    var positive = (expected >> k) & 1;
                    var gradient = (p[k] - positive) * (positive == 1 ? options.PositiveWeight : 1);
                    for (var f = 0; f < rows.Length; f++)
                    {
                        var at = rows[f] * n + k;
                        var w = weights[at];
                        weights[at] = (float)(w - rate * (gradient * values[f] + options.L2 * w));
                    }
                    weights[bias + k] = (float)(weights[bias + k] - rate * gradient * 0.1);
                }
            }
        }
        return model;
    }

    /// <summary>
    /// Per code the lowest threshold (not below <see cref="LowestThreshold"/>) at which the code, flagged by the rules or by the model,
    /// is right at least <see cref="TargetPrecision"/> of the time on messages of held-out authors (right: the message is labeled with
    /// that code); 2 (never) when the model adds fewer than <paramref name="minimumRight"/> right flags at that precision.
    /// </summary>
    public static double[] ChooseThresholds(IReadOnlyList<HeldOut> heldOut, double targetPrecision = TargetPrecision, int minimumRight = 3)
    {
        var n = SpecialCategoryModel.Count;
        var result = new double[n];
        for (var k = 0; k < n; k++)
        {
            var bit = 1 << k;
            var rulesFlagged = heldOut.Count(h => (h.Rules & bit) != 0);
            var rulesRight = heldOut.Count(h => (h.Rules & bit) != 0 && (h.Expected & bit) != 0);
            var candidates = heldOut.Where(h => (h.Rules & bit) == 0 && h.Probabilities[k] >= LowestThreshold)
                .OrderByDescending(h => h.Probabilities[k]).ToList();
            result[k] = 2;
            if (RulesOnlyCodes.Contains(SpecialIndex.Names[k])) continue;
            var right = 0;
            for (var i = 0; i < candidates.Count; i++)
            {
                if ((candidates[i].Expected & bit) != 0) right++;
                // Only where the next candidate has a lower probability: a threshold takes all messages at its value.
                if (i + 1 < candidates.Count && candidates[i + 1].Probabilities[k] == candidates[i].Probabilities[k]) continue;
                if (right >= minimumRight && rulesRight + right >= targetPrecision * (rulesFlagged + i + 1)) result[k] = candidates[i].Probabilities[k];
            }
        }
        return result;
    }

    /// <summary>The codes of a list of category names, a bit per <see cref="SpecialIndex"/> (the BSN has none).</summary>
    public static int ExpectedMask(IReadOnlyList<string> categories) => ClassificationRun.SpecialMask(categories);
}
