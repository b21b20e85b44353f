using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Registry;

/// <summary>
/// Stores a short list of machine names (roles, chat apps) as one comma-separated text column,
/// the same on both providers; the names themselves never contain commas.
/// </summary>
internal static class ListOfNamesConversion
{
    private static readonly ValueComparer<List<string>> Comparer = new(
        (a, b) => (a ?? new List<string>()).SequenceEqual(b ?? new List<string>()),
        v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))),
        v => v.ToList());

    public static PropertyBuilder<List<string>> AsNameList(this PropertyBuilder<List<string>> property) =>
        property.HasConversion(
                v => string.Join(',', v),
                v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                Comparer);
}
