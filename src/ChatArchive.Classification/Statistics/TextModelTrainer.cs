using ChatArchive.Classification.Matching;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Statistics;

/// <summary>
/// Trains <see cref="TextModel"/>: multinomial logistic regression by stochastic gradient descent with
/// L2 regularisation on the touched rows, a fixed number of epochs and a fixed shuffle seed, so the same
/// labeled messages always give the same model file.
/// </summary>
public static class TextModelTrainer
{
    /// <param name="BusinessWeight">How much more a business message's error counts: a business message suggested private deletes government information.</param>
    public sealed record Options(int Epochs = 20, double LearningRate = 0.5, double L2 = 1e-4, int Seed = 12, double BusinessWeight = 1.0);

    public static TextModel Train(IReadOnlyList<(string Text, MessageLabel Label)> samples, string description, Options? options = null)
    {
        options ??= new Options();
        var tokens = new TokenBuffer();
        var features = new int[samples.Count][];
        var labels = new int[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            tokens.Fill(samples[i].Text);
            var list = new List<int>(64);
            var state = new HashedFeatures.Enumerator(tokens);
            while (state.MoveNext(out var bucket)) list.Add(bucket);
            features[i] = list.ToArray();
            labels[i] = (int)samples[i].Label;
        }

        const int k = TextModel.Classes;
        var weights = new float[(TextModel.Size + 1) * k];
        var bias = TextModel.Size * k;
        var order = Enumerable.Range(0, samples.Count).ToArray();
        var random = new Random(options.Seed);
        Span<double> sums = stackalloc double[k];
        Span<double> p = stackalloc double[k];
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            var rate = options.LearningRate / (1 + epoch * 0.25);
            foreach (var i in order)
            {
                var f = features[i];
                var value = f.Length == 0 ? 0 : 1 / Math.Sqrt(f.Length);
                sums.Clear();
                foreach (var b in f)
                {
                    for (var c = 0; c < k; c++) sums[c] += weights[b * k + c] * value;
                }
                for (var c = 0; c < k; c++) sums[c] += weights[bias + c];
                TextModel.Softmax(sums, p);
                for (var c = 0; c < k; c++)
                {
                    var gradient = (p[c] - (labels[i] == c ? 1 : 0)) * (labels[i] == (int)MessageLabel.Business ? options.BusinessWeight : 1);
                    foreach (var b in f)
                    {
                        var w = weights[b * k + c];
                        weights[b * k + c] = (float)(w - rate * (gradient * value + options.L2 * w));
                    }
                    weights[bias + c] = (float)(weights[bias + c] - rate * gradient * 0.1);
                }
            }
        }
        return new TextModel(weights, description);
    }
}
