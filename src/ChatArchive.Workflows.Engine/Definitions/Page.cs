namespace ChatArchive.Workflows.Engine.Definitions;

/// <summary>One page of results and the total without paging.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long TotalCount)
{
    public static Page<T> Empty { get; } = new([], 0);
}
