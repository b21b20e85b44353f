using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Evaluation;
using ChatArchive.Classification.Matching;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Statistics;

/// <summary>
/// Trains <see cref="TextModel"/>: multinomial logistic regression by stochastic gradient descent with
/// L2 regularisation on the touched rows, a fixed number of epochs and a fixed shuffle seed, so the same
/// labeled messages always give the same model file. Each message is seen with its conversation (the message
/// before and after it, the average of all its conversation's messages) and its contact's registered kind,
/// exactly as <see cref="ClassificationRun.ClassifyAll"/> scores it.
/// </summary>
public static class TextModelTrainer
{
    /// <param name="BusinessWeight">How much more a business message's error counts: a business message suggested private deletes government information.</param>
    public sealed record Options(int Epochs = 20, double LearningRate = 0.5, double L2 = 1e-4, int Seed = 12, double BusinessWeight = 1.0);

    /// <summary>One training message: its rows (see <see cref="TextModel"/>) with their values, and its label.</summary>
    private readonly record struct Sample(int[] Rows, float[] Values, int Label);

    /// <summary>Messages without context: each is its own conversation, with no registered contact.</summary>
    public static TextModel Train(IReadOnlyList<(string Text, MessageLabel Label)> samples, string description, Options? options = null)
    {
        var tokens = new TokenBuffer();
        var list = new List<Sample>(samples.Count);
        foreach (var (text, label) in samples)
        {
            var own = Features(text, tokens);
            var rows = new List<int>();
            var values = new List<float>();
            Add(rows, values, own, TextModel.Own, 1);
            Add(rows, values, own, TextModel.Conversation, 1);
            list.Add(new Sample(rows.ToArray(), values.ToArray(), (int)label));
        }
        return Train(list, description, options ?? new Options());
    }

    /// <summary>Labeled read-outs: every message with its conversation and its contact.</summary>
    public static TextModel Train(IReadOnlyList<LabeledReadOut> readOuts, string description, Options? options = null) =>
        Train(ContextSamples(readOuts).Select(s => new Sample(s.Rows, s.Values, (int)s.Message.Expected)).ToList(), description, options ?? new Options());

    /// <summary>
    /// Every labeled message with its rows in the layout of <see cref="TextModel"/> (its own features, the message before and after it,
    /// its conversation's average, its contact's registered kind) and their values, exactly as <see cref="ClassificationRun.ClassifyAll"/>
    /// scores it. Shared by both models' trainers.
    /// </summary>
    internal static List<(int[] Rows, float[] Values, LabeledMessage Message)> ContextSamples(IReadOnlyList<LabeledReadOut> readOuts)
    {
        var tokens = new TokenBuffer();
        var list = new List<(int[], float[], LabeledMessage)>();
        foreach (var readOut in readOuts)
        {
            var messages = readOut.Messages.Select(m => m.Message).ToList();
            var participants = ConversationParticipants.FromMessages(messages);
            var officeholder = ClassificationRun.LikelyOfficeholder(messages);
            var features = messages.Select(m => Features(m.Text, tokens)).ToList();
            foreach (var conversation in Enumerable.Range(0, messages.Count).GroupBy(i => messages[i].Conversation, StringComparer.Ordinal))
            {
                var indices = conversation.ToList();
                // The conversation's average: every message's features (weighted 1/√n each) summed and divided by the number of messages.
                var average = new Dictionary<int, float>();
                foreach (var i in indices)
                {
                    var f = features[i];
                    var value = f.Length == 0 ? 0 : 1 / MathF.Sqrt(f.Length);
                    foreach (var b in f)
                    {
                        var row = b * TextModel.Parts + TextModel.Conversation;
                        average[row] = average.GetValueOrDefault(row) + value / indices.Count;
                    }
                }
                var kind = participants.RegisteredKind(conversation.Key, readOut.Contacts, officeholder);
                for (var j = 0; j < indices.Count; j++)
                {
                    var i = indices[j];
                    var rows = new List<int>(average.Count + 200);
                    var values = new List<float>(average.Count + 200);
                    Add(rows, values, features[i], TextModel.Own, 1);
                    if (j > 0) Add(rows, values, features[indices[j - 1]], TextModel.Previous, 1);
                    if (j + 1 < indices.Count) Add(rows, values, features[indices[j + 1]], TextModel.Next, 1);
                    foreach (var (row, value) in average)
                    {
                        rows.Add(row);
                        values.Add(value);
                    }
                    var contact = readOut.Contacts.Find(messages[i].Sender) ?? kind;
                    if (contact == ContactKind.Private) { rows.Add(TextModel.PrivateContactRow); values.Add(1); }
                    else if (contact == ContactKind.PartyPolitical) { rows.Add(TextModel.PartyContactRow); values.Add(1); }
                    list.Add((rows.ToArray(), values.ToArray(), readOut.Messages[i]));
                }
            }
        }
        return list;
    }

    internal static int[] Features(string text, TokenBuffer tokens)
    {
        tokens.Fill(text);
        var list = new List<int>(64);
        HashedFeatures.Fill(tokens, list);
        return list.ToArray();
    }

    private static void Add(List<int> rows, List<float> values, int[] buckets, int part, float scale)
    {
        if (buckets.Length == 0) return;
        var value = scale / MathF.Sqrt(buckets.Length);
        foreach (var b in buckets)
        {
            rows.Add(b * TextModel.Parts + part);
            values.Add(value);
        }
    }

    private static TextModel Train(List<Sample> samples, string description, Options options)
    {
        const int k = TextModel.Classes;
        var weights = new float[TextModel.Rows * k];
        var bias = TextModel.BiasRow * k;
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
                var (rows, values, label) = samples[i];
                sums.Clear();
                for (var f = 0; f < rows.Length; f++)
                {
                    for (var c = 0; c < k; c++) sums[c] += weights[rows[f] * k + c] * values[f];
                }
                for (var c = 0; c < k; c++) sums[c] += weights[bias + c];
                TextModel.Softmax(sums, p);
                var weight = label == (int)MessageLabel.Business ? options.BusinessWeight : 1;
                for (var c = 0; c < k; c++)
                {
                    var gradient = (p[c] - (label == c ? 1 : 0)) * weight;
                    for (var f = 0; f < rows.Length; f++)
                    {
                        var at = rows[f] * k + c;
                        var w = weights[at];
                        weights[at] = (float)(w - rate * (gradient * values[f] + options.L2 * w));
                    }
                    weights[bias + c] = (float)(weights[bias + c] - rate * gradient * 0.1);
                }
            }
        }
        return new TextModel(weights, description);
    }
}
