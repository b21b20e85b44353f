using System.IO.Compression;
using System.Text;
using ChatArchive.Classification.Matching;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Statistics;

/// <summary>
/// The statistical stage: a linear model over hashed text features (words, word pairs, character
/// 4-grams inside words) with a softmax over the three labels (business, private, party-political).
/// Trained offline (<see cref="TextModelTrainer"/>, CLI <c>train-classifier</c>), shipped as data and
/// loaded at start-up; scoring reuses the rule stage's folded tokens and allocates nothing. It holds
/// weights only, no message text. It never decides alone: <see cref="ClassificationRun"/> asks it only
/// when the rules found no evidence at all ("bij twijfel zakelijk") and the message has no business word.
/// </summary>
public sealed class TextModel
{
    private const uint Magic = 0x4D544143; // "CATM"
    private const int FormatVersion = 1;

    /// <summary>log2 of the number of hashed feature buckets.</summary>
    public const int Bits = 18;

    public const int Size = 1 << Bits;

    public const int Classes = 3;

    private const string ResourceName = "ChatArchive.Classification.Statistics.text-model.bin";

    // weights[bucket * Classes + label]; the last row is the bias.
    internal readonly float[] Weights;

    internal TextModel(float[] weights, string description)
    {
        if (weights.Length != (Size + 1) * Classes) throw new ArgumentException("Wrong number of weights.", nameof(weights));
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
    /// The probabilities of business, private and party-political (indexed by <see cref="MessageLabel"/>)
    /// for a message whose folded words are in <paramref name="tokens"/>.
    /// </summary>
    public void Score(TokenBuffer tokens, Span<double> probabilities)
    {
        Span<double> sums = stackalloc double[Classes];
        var count = HashedFeatures.Count(tokens);
        var value = count == 0 ? 0 : 1 / Math.Sqrt(count);
        var w = Weights;
        var state = new HashedFeatures.Enumerator(tokens);
        while (state.MoveNext(out var bucket))
        {
            var row = bucket * Classes;
            sums[0] += w[row] * value;
            sums[1] += w[row + 1] * value;
            sums[2] += w[row + 2] * value;
        }
        var bias = Size * Classes;
        for (var k = 0; k < Classes; k++) sums[k] += w[bias + k];
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

    /// <summary>Writes the non-zero rows, compressed: bucket index and three weights each.</summary>
    public void Write(Stream stream)
    {
        using var zip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(zip, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(Bits);
        writer.Write(Description);
        var rows = 0;
        for (var r = 0; r <= Size; r++) if (RowUsed(r)) rows++;
        writer.Write(rows);
        for (var r = 0; r <= Size; r++)
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
        var weights = new float[(Size + 1) * Classes];
        for (var i = 0; i < rows; i++)
        {
            var r = reader.ReadInt32();
            if ((uint)r > Size) throw new InvalidDataException("Het modelbestand is beschadigd (rij buiten bereik).");
            for (var k = 0; k < Classes; k++) weights[r * Classes + k] = reader.ReadSingle();
        }
        return new TextModel(weights, description);
    }

    private bool RowUsed(int r) => Weights[r * Classes] != 0 || Weights[r * Classes + 1] != 0 || Weights[r * Classes + 2] != 0;
}
