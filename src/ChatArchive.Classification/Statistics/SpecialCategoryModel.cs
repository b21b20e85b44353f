using System.Globalization;
using System.IO.Compression;
using System.Text;
using ChatArchive.Classification.Rules;

namespace ChatArchive.Classification.Statistics;

/// <summary>
/// The statistical stage for special categories of personal data (AVG art. 9): one logistic regression per code
/// (one against the rest: health, religion, …, criminal; not the BSN, which only the 11-check finds) over the same hashed
/// features and the same parts as <see cref="TextModel"/> (words, word pairs, character 4-grams of the message, of the message
/// before and after it and of its conversation as a whole; the contact's registered kind). It finds the everyday, indirect
/// phrasing the lexicons miss ("pols is gebroken", a worried reply about a sick parent); the rules keep the hard evidence.
/// Each code has its own threshold, chosen by leave-one-author-out evaluation so that what the model adds stays precise
/// (<see cref="Thresholds"/>, stored in the file). Weights only, no message text. Trained offline
/// (<see cref="SpecialCategoryModelTrainer"/>, CLI <c>train-classifier</c>), shipped as data and loaded at start-up.
/// </summary>
public sealed class SpecialCategoryModel
{
    private const uint Magic = 0x4D535343; // "CSSM"
    private const int FormatVersion = 1;

    /// <summary>The codes in <see cref="SpecialIndex"/> order.</summary>
    public static IReadOnlyList<string> Codes => SpecialIndex.Names;

    public static int Count => SpecialIndex.Count;

    /// <summary>The rows of <see cref="TextModel"/>: per hashed bucket one per part, then the bias and the contact's kind.</summary>
    internal static int Rows => TextModel.Rows;

    /// <summary>The sums of one message per part and code (part-major), as <see cref="TextModel.ScoreParts(ReadOnlySpan{int}, Span{double})"/>.</summary>
    public static int Width => TextModel.Parts * Count;

    private const string ResourceName = "ChatArchive.Classification.Statistics.special-model.bin";

    // weights[row * Count + code]
    internal readonly float[] Weights;

    internal SpecialCategoryModel(float[] weights, double[] thresholds, string description)
    {
        if (weights.Length != Rows * Count) throw new ArgumentException("Wrong number of weights.", nameof(weights));
        if (thresholds.Length != Count) throw new ArgumentException("One threshold per code.", nameof(thresholds));
        Weights = weights;
        Thresholds = thresholds;
        Description = description;
    }

    /// <summary>Per code (<see cref="SpecialIndex"/> order) the probability from which the model flags it; above 1: never.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    public string Description { get; }

    /// <summary>The same weights with other thresholds (for example chosen on other authors in a cross-validation fold).</summary>
    public SpecialCategoryModel WithThresholds(IReadOnlyList<double> thresholds) => new(Weights, thresholds.ToArray(), Description);

    public static SpecialCategoryModel? LoadShipped()
    {
        using var stream = typeof(SpecialCategoryModel).Assembly.GetManifestResourceStream(ResourceName);
        return stream is null ? null : Read(stream);
    }

    /// <summary>What one message contributes to each part (itself, as the previous or next message of another, as one message of its conversation), per code.</summary>
    public void ScoreParts(ReadOnlySpan<int> buckets, Span<double> parts)
    {
        parts.Clear();
        var w = Weights;
        var width = Width;
        foreach (var bucket in buckets)
        {
            var row = bucket * width;
            for (var i = 0; i < width; i++) parts[i] += w[row + i];
        }
        if (buckets.IsEmpty) return;
        var value = 1 / Math.Sqrt(buckets.Length);
        for (var i = 0; i < width; i++) parts[i] *= value;
    }

    /// <summary>The probability of each code (<see cref="SpecialIndex"/> order) from the parts' sums, as <see cref="TextModel.Combine"/>.</summary>
    public void Combine(ReadOnlySpan<double> own, ReadOnlySpan<double> previous, ReadOnlySpan<double> next, ReadOnlySpan<double> conversation,
        int conversationCount, Contacts.ContactKind? contact, Span<double> probabilities)
    {
        var w = Weights;
        var n = Count;
        for (var k = 0; k < n; k++)
        {
            var s = own[TextModel.Own * n + k] + w[TextModel.BiasRow * n + k];
            if (!previous.IsEmpty) s += previous[TextModel.Previous * n + k];
            if (!next.IsEmpty) s += next[TextModel.Next * n + k];
            if (conversationCount > 0) s += conversation[TextModel.Conversation * n + k] / conversationCount;
            if (contact == Contacts.ContactKind.Private) s += w[TextModel.PrivateContactRow * n + k];
            else if (contact == Contacts.ContactKind.PartyPolitical) s += w[TextModel.PartyContactRow * n + k];
            probabilities[k] = Sigmoid(s);
        }
    }

    /// <summary>The probabilities for one training or held-out sample (rows and values of <see cref="TextModelTrainer.ContextSamples"/>).</summary>
    internal void Score(int[] rows, float[] values, Span<double> probabilities)
    {
        var n = Count;
        var w = Weights;
        for (var k = 0; k < n; k++)
        {
            var s = (double)w[TextModel.BiasRow * n + k];
            for (var f = 0; f < rows.Length; f++) s += w[rows[f] * n + k] * values[f];
            probabilities[k] = Sigmoid(s);
        }
    }

    internal static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>Writes the non-zero rows, compressed: row index and the weights as half-precision numbers (the file stays small; the probabilities move less than 0.001).</summary>
    public void Write(Stream stream)
    {
        using var zip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(zip, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(TextModel.Bits);
        writer.Write(Count);
        writer.Write(Description);
        foreach (var t in Thresholds) writer.Write(t);
        var n = Count;
        var rows = 0;
        for (var r = 0; r < Rows; r++) if (RowUsed(r)) rows++;
        writer.Write(rows);
        for (var r = 0; r < Rows; r++)
        {
            if (!RowUsed(r)) continue;
            writer.Write(r);
            for (var k = 0; k < n; k++) writer.Write((Half)Weights[r * n + k]);
        }
    }

    public static SpecialCategoryModel Read(Stream stream)
    {
        using var zip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(zip, Encoding.UTF8);
        if (reader.ReadUInt32() != Magic || reader.ReadInt32() != FormatVersion || reader.ReadInt32() != TextModel.Bits || reader.ReadInt32() != Count)
        {
            throw new InvalidDataException("Het modelbestand is geen model voor bijzondere persoonsgegevens van deze versie. Train het opnieuw met 'chatarchive train-classifier'.");
        }
        var description = reader.ReadString();
        var thresholds = new double[Count];
        for (var k = 0; k < Count; k++) thresholds[k] = reader.ReadDouble();
        var rows = reader.ReadInt32();
        var weights = new float[Rows * Count];
        for (var i = 0; i < rows; i++)
        {
            var r = reader.ReadInt32();
            if ((uint)r >= Rows) throw new InvalidDataException("Het modelbestand is beschadigd (rij buiten bereik).");
            for (var k = 0; k < Count; k++) weights[r * Count + k] = (float)reader.ReadHalf();
        }
        return new SpecialCategoryModel(weights, thresholds, description);
    }

    /// <summary>The thresholds in the model file's description and reports: "health ≥ 0.62, religion never, …".</summary>
    public string DescribeThresholds() =>
        string.Join(", ", Codes.Select((c, k) => Thresholds[k] > 1 ? $"{c} nooit" : $"{c} ≥ {Thresholds[k].ToString("0.00", CultureInfo.InvariantCulture)}"));

    private bool RowUsed(int r)
    {
        for (var k = 0; k < Count; k++) if (Weights[r * Count + k] != 0) return true;
        return false;
    }
}
