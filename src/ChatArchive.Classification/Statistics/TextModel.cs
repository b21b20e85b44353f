using System.IO.Compression;
using System.Text;
using ChatArchive.Classification.Contacts;
using ChatArchive.Classification.Matching;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Statistics;

/// <summary>
/// The statistical stage ("taalmodel"): a linear model with a softmax over the three labels (business, private,
/// party-political). Its features are hashed text features (words, word pairs, character 4-grams inside words) of
/// the message itself and of its conversation: the message before it, the message after it and the average of
/// all messages of the conversation (what the chat as a whole is about), each part with its own weights, plus the
/// registered kind of the message's contact. Because the model is linear, every message's text is read once
/// (<see cref="ScoreParts"/>: one enumeration, <see cref="Parts"/> sums at once) and its context is added from its
/// neighbours' sums (<see cref="Combine"/>). Trained offline on labeled read-outs of several authors
/// (<see cref="TextModelTrainer"/>, CLI <c>train-classifier</c>), shipped as data and loaded at start-up; it holds
/// weights only, no message text. It never decides alone: <see cref="MessageClassifier"/> applies it under the
/// rules' veto (a message with business evidence of its own is never moved away from business).
/// </summary>
public sealed class TextModel
{
    private const uint Magic = 0x4D544143; // "CATM"
    private const int FormatVersion = 2;

    /// <summary>log2 of the number of hashed feature buckets.</summary>
    public const int Bits = 17;

    public const int Size = 1 << Bits;

    public const int Classes = 3;

    /// <summary>The text parts, each with its own weights: the message itself, the message before, the message after, the conversation's average.</summary>
    public const int Parts = 4;

    public const int Own = 0, Previous = 1, Next = 2, Conversation = 3;

    /// <summary>Rows after the text rows: the bias, a registered private contact, a registered party-political contact.</summary>
    internal const int BiasRow = Size * Parts, PrivateContactRow = BiasRow + 1, PartyContactRow = BiasRow + 2;

    internal const int Rows = BiasRow + 3;

    private const string ResourceName = "ChatArchive.Classification.Statistics.text-model.bin";

    // weights[row * Classes + label]; row = bucket * Parts + part, or one of the rows after the text rows.
    internal readonly float[] Weights;

    internal TextModel(float[] weights, string description)
    {
        if (weights.Length != Rows * Classes) throw new ArgumentException("Wrong number of weights.", nameof(weights));
        Weights = weights;
        Description = description;
    }

    /// <summary>What the model was trained on (set names and counts, no text).</summary>
    public string Description { get; }

    /// <summary>The shipped model, or null when the assembly carries none.</summary>
    public static TextModel? LoadShipped()
    {
        using var stream = typeof(TextModel).Assembly.GetManifestResourceStream(ResourceName);
        return stream is null ? null : Read(stream);
    }

    /// <summary>
    /// The text sums of one message for every part at once (<see cref="Parts"/> × <see cref="Classes"/> values,
    /// part-major): what this message contributes as itself, as the previous message of another, as the next one and
    /// as one message of its conversation. Features are weighted 1/√n, n the message's number of features.
    /// </summary>
    public void ScoreParts(TokenBuffer tokens, Span<double> parts)
    {
        var buckets = new List<int>(64);
        HashedFeatures.Fill(tokens, buckets);
        ScoreParts(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buckets), parts);
    }

    /// <summary>The same from the message's feature buckets (<see cref="HashedFeatures.Fill"/>), read once for every model.</summary>
    public void ScoreParts(ReadOnlySpan<int> buckets, Span<double> parts)
    {
        parts.Clear();
        var w = Weights;
        foreach (var bucket in buckets)
        {
            var row = bucket * Parts * Classes;
            for (var i = 0; i < Parts * Classes; i++) parts[i] += w[row + i];
        }
        if (buckets.IsEmpty) return;
        var value = 1 / Math.Sqrt(buckets.Length);
        for (var i = 0; i < Parts * Classes; i++) parts[i] *= value;
    }

    /// <summary>
    /// The probabilities of business, private and party-political (indexed by <see cref="MessageLabel"/>) from the
    /// message's own sums, its neighbours' sums (empty when it has none), the conversation's summed sums over
    /// <paramref name="conversationCount"/> messages and the registered kind of its contact.
    /// </summary>
    public void Combine(ReadOnlySpan<double> own, ReadOnlySpan<double> previous, ReadOnlySpan<double> next, ReadOnlySpan<double> conversation,
        int conversationCount, ContactKind? contact, Span<double> probabilities)
    {
        Span<double> sums = stackalloc double[Classes];
        var w = Weights;
        for (var k = 0; k < Classes; k++)
        {
            var s = own[Own * Classes + k] + w[BiasRow * Classes + k];
            if (!previous.IsEmpty) s += previous[Previous * Classes + k];
            if (!next.IsEmpty) s += next[Next * Classes + k];
            if (conversationCount > 0) s += conversation[Conversation * Classes + k] / conversationCount;
            if (contact == ContactKind.Private) s += w[PrivateContactRow * Classes + k];
            else if (contact == ContactKind.PartyPolitical) s += w[PartyContactRow * Classes + k];
            sums[k] = s;
        }
        Softmax(sums, probabilities);
    }

    /// <summary>The probabilities for a message on its own (no conversation, no registered contact).</summary>
    public void Score(TokenBuffer tokens, Span<double> probabilities)
    {
        // Alone, the message is its own conversation: only the rows of those two parts are read.
        Span<double> sums = stackalloc double[Classes];
        var w = Weights;
        var n = 0;
        var state = new HashedFeatures.Enumerator(tokens);
        while (state.MoveNext(out var bucket))
        {
            n++;
            var own = (bucket * Parts + Own) * Classes;
            var conversation = (bucket * Parts + Conversation) * Classes;
            for (var k = 0; k < Classes; k++) sums[k] += w[own + k] + w[conversation + k];
        }
        var value = n == 0 ? 0 : 1 / Math.Sqrt(n);
        for (var k = 0; k < Classes; k++) sums[k] = sums[k] * value + w[BiasRow * Classes + k];
        Softmax(sums, probabilities);
    }

    internal static void Softmax(ReadOnlySpan<double> sums, Span<double> probabilities)
    {
        var max = Math.Max(sums[0], Math.Max(sums[1], sums[2]));
        var total = 0.0;
        for (var k = 0; k < Classes; k++)
        {
            probabilities[k] = Math.Exp(sums[k] - max);
            total += probabilities[k];
        }
        for (var k = 0; k < Classes; k++) probabilities[k] /= total;
    }

    /// <summary>Writes the non-zero rows, compressed: row index and three weights each.</summary>
    public void Write(Stream stream)
    {
        using var zip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(zip, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Bits);
        writer.Write(Description);
        var rows = 0;
        for (var r = 0; r < Rows; r++) if (RowUsed(r)) rows++;
        writer.Write(rows);
        for (var r = 0; r < Rows; r++)
        {
            if (!RowUsed(r)) continue;
            writer.Write(r);
            for (var k = 0; k < Classes; k++) writer.Write(Weights[r * Classes + k]);
        }
    }

    public static TextModel Read(Stream stream)
    {
        using var zip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(zip, Encoding.UTF8);
        if (reader.ReadUInt32() != Magic || reader.ReadInt32() != FormatVersion || reader.ReadInt32() != Bits)
        {
            throw new InvalidDataException("Het modelbestand is geen tekstmodel van deze versie. Train het opnieuw met 'chatarchive train-classifier'.");
        }
        var description = reader.ReadString();
        var rows = reader.ReadInt32();
        var weights = new float[Rows * Classes];
        for (var i = 0; i < rows; i++)
        {
            var r = reader.ReadInt32();
            if ((uint)r >= Rows) throw new InvalidDataException("Het modelbestand is beschadigd (rij buiten bereik).");
            for (var k = 0; k < Classes; k++) weights[r * Classes + k] = reader.ReadSingle();
        }
        return new TextModel(weights, description);
    }

    private bool RowUsed(int r) => Weights[r * Classes] != 0 || Weights[r * Classes + 1] != 0 || Weights[r * Classes + 2] != 0;
}
