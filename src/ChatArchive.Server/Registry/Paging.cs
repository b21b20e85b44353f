namespace ChatArchive.Server.Registry;

/// <summary>One page of a list; <see cref="Total"/> counts every match so clients can page on.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

/// <summary>Paging arguments (?page=1&amp;pageSize=50); out-of-range values are clamped, never rejected.</summary>
public readonly record struct PageRequest(int Number, int Size)
{
    public const int MaxSize = 200;

    public static PageRequest From(int? page, int? pageSize)
    {
        var size = Math.Clamp(pageSize ?? 50, 1, MaxSize);
        // A page beyond int.MaxValue rows cannot hold anything; capping it keeps Skip from overflowing (an empty page, not a 500).
        return new(Math.Clamp(page ?? 1, 1, int.MaxValue / size), size);
    }

    public int Skip => (Number - 1) * Size;
}
