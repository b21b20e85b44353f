namespace ChatArchive.Classification;

/// <summary>
/// Wire names of the special categories of personal data (AVG art. 9) and the citizen service number.
/// They appear in the CLI output's "categories" array.
/// </summary>
public static class SpecialCategories
{
    public const string Health = "health";
    public const string Religion = "religion";
    public const string Ethnicity = "ethnicity";
    public const string SexualOrientation = "sexual-orientation";
    public const string PoliticalOpinion = "political-opinion";
    public const string TradeUnion = "trade-union";
    public const string GeneticBiometric = "genetic-biometric";
    public const string Criminal = "criminal";
    /// <summary>Burgerservicenummer: 9 digits passing the 11-check.</summary>
    public const string Bsn = "bsn";

    public static readonly IReadOnlyList<string> All =
        [Health, Religion, Ethnicity, SexualOrientation, PoliticalOpinion, TradeUnion, GeneticBiometric, Criminal, Bsn];
}
