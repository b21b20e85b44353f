namespace ChatArchive.Classification.Rules;

/// <summary>Positions of the AVG art. 9 categories in <see cref="Evidence"/>; BSN is counted apart.</summary>
internal static class SpecialIndex
{
    public static readonly string[] Names =
    [
        SpecialCategories.Health, SpecialCategories.Religion, SpecialCategories.Ethnicity, SpecialCategories.SexualOrientation,
        SpecialCategories.PoliticalOpinion, SpecialCategories.TradeUnion, SpecialCategories.GeneticBiometric, SpecialCategories.Criminal,
    ];

    public static int Count => Names.Length;

    public static int Of(string name) => Array.IndexOf(Names, name);
}
