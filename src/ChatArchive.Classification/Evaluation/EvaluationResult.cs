using System.Globalization;
using System.Text;
using ChatArchive.Domain.Messages;

namespace ChatArchive.Classification.Evaluation;

/// <summary>
/// Counts from one evaluation run and the measures issue 4 §7 asks for. Confusion[expected, suggested]
/// is indexed by <see cref="MessageLabel"/>.
/// </summary>
public sealed class EvaluationResult
{
    public static readonly MessageLabel[] Labels = [MessageLabel.Business, MessageLabel.Private, MessageLabel.PartyPolitical];

    public int[,] Confusion { get; } = new int[3, 3];
    public int Messages { get; internal set; }
    public int SpecialTruePositive { get; internal set; }
    public int SpecialFalsePositive { get; internal set; }
    public int SpecialFalseNegative { get; internal set; }
    public int BsnExpected { get; internal set; }
    public int BsnFound { get; internal set; }
    /// <summary>Messages without a valid BSN that the classifier still flagged as BSN.</summary>
    public int BsnFalsePositive { get; internal set; }
    /// <summary>
    /// Review effort: the decisions a reviewer takes by hand when accepting correct suggestions in bulk per
    /// conversation (one acceptance per conversation plus one correction per wrong label).
    /// </summary>
    public int ReviewDecisions { get; internal set; }

    public Dictionary<string, (int Expected, int Found)> PerSpecialCategory { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds the counts of another run (for example another read-out) to these.</summary>
    public void Add(EvaluationResult other)
    {
        for (var e = 0; e < 3; e++) for (var g = 0; g < 3; g++) Confusion[e, g] += other.Confusion[e, g];
        Messages += other.Messages;
        SpecialTruePositive += other.SpecialTruePositive;
        SpecialFalsePositive += other.SpecialFalsePositive;
        SpecialFalseNegative += other.SpecialFalseNegative;
        BsnExpected += other.BsnExpected;
        BsnFound += other.BsnFound;
        BsnFalsePositive += other.BsnFalsePositive;
        ReviewDecisions += other.ReviewDecisions;
        foreach (var (name, (expected, found)) in other.PerSpecialCategory)
        {
            PerSpecialCategory.TryGetValue(name, out var mine);
            PerSpecialCategory[name] = (mine.Expected + expected, mine.Found + found);
        }
    }

    public int Expected(MessageLabel label) => Enumerable.Range(0, 3).Sum(s => Confusion[(int)label, s]);
    public int Suggested(MessageLabel label) => Enumerable.Range(0, 3).Sum(e => Confusion[e, (int)label]);

    public double Precision(MessageLabel label) => Ratio(Confusion[(int)label, (int)label], Suggested(label));
    public double Recall(MessageLabel label) => Ratio(Confusion[(int)label, (int)label], Expected(label));

    /// <summary>The dangerous error: business suggested as private or party-political (target ≤ 2 %).</summary>
    public double BusinessSuggestedAsNonBusiness =>
        Ratio(Confusion[0, 1] + Confusion[0, 2], Expected(MessageLabel.Business));

    /// <summary>Private and party-political messages suggested as either of the two (target ≥ 80 %).</summary>
    public double NonBusinessRecall =>
        Ratio(Confusion[1, 1] + Confusion[1, 2] + Confusion[2, 1] + Confusion[2, 2], Expected(MessageLabel.Private) + Expected(MessageLabel.PartyPolitical));

    public double SpecialPrecision => Ratio(SpecialTruePositive, SpecialTruePositive + SpecialFalsePositive);
    public double SpecialRecall => Ratio(SpecialTruePositive, SpecialTruePositive + SpecialFalseNegative);
    public double BsnRecall => Ratio(BsnFound, BsnExpected);

    public bool MeetsBusinessTarget => BusinessSuggestedAsNonBusiness <= 0.02 + 1e-12;
    public bool MeetsNonBusinessRecallTarget => NonBusinessRecall >= 0.80;
    public bool MeetsSpecialTargets => SpecialRecall >= 0.90 && SpecialPrecision >= 0.70;
    public bool MeetsBsnTargets => BsnRecall >= 1.0 && BsnFalsePositive == 0;

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;

    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        string P(double v) => (v * 100).ToString("0.0", c) + " %";
        string Mark(bool ok) => ok ? "OK" : "NIET GEHAALD";
        var sb = new StringBuilder();
        sb.AppendLine($"messages: {Messages}");
        sb.AppendLine();
        sb.AppendLine("confusion matrix (rows: expected, columns: suggested)");
        sb.AppendLine($"{"",-16}{"business",10}{"private",10}{"party",10}");
        foreach (var e in Labels)
        {
            sb.AppendLine($"{Name(e),-16}{Confusion[(int)e, 0],10}{Confusion[(int)e, 1],10}{Confusion[(int)e, 2],10}");
        }
        sb.AppendLine();
        sb.AppendLine($"{"class",-16}{"precision",11}{"recall",11}{"support",9}");
        foreach (var e in Labels)
        {
            sb.AppendLine($"{Name(e),-16}{P(Precision(e)),11}{P(Recall(e)),11}{Expected(e),9}");
        }
        sb.AppendLine();
        sb.AppendLine($"business suggested as private/party: {P(BusinessSuggestedAsNonBusiness)} ({Confusion[0, 1] + Confusion[0, 2]} of {Expected(MessageLabel.Business)})  target <= 2 %   {Mark(MeetsBusinessTarget)}");
        sb.AppendLine($"recall private + party-political:    {P(NonBusinessRecall)}  target >= 80 %  {Mark(MeetsNonBusinessRecallTarget)}");
        sb.AppendLine($"special categories (AVG art. 9):     precision {P(SpecialPrecision)}, recall {P(SpecialRecall)} (tp {SpecialTruePositive}, fp {SpecialFalsePositive}, fn {SpecialFalseNegative})  target recall >= 90 %, precision >= 70 %  {Mark(MeetsSpecialTargets)}");
        foreach (var (name, (expected, found)) in PerSpecialCategory.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            sb.AppendLine($"  {name,-20} found {found} of {expected}");
        }
        sb.AppendLine($"review effort:                        {ReviewDecisions} decisions by hand for {Messages} messages (one bulk acceptance per conversation plus one per wrong label)");
        sb.AppendLine($"BSN:                                  valid found {BsnFound} of {BsnExpected}, non-BSN called BSN {BsnFalsePositive}  target 100 % / 0  {Mark(MeetsBsnTargets)}");
        return sb.ToString();
    }

    private static string Name(MessageLabel l) => Suggestions.MessageLabels.ToWire(l);
}
