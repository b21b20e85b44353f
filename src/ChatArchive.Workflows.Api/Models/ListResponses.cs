namespace ChatArchive.Workflows.Api.Models;

/// <summary>Elsa's <c>{"items":[…],"count":n}</c>; items never null (Studio throws on null lists).</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, long Count)
{
    public static ListResponse<T> Of(IReadOnlyList<T> items) => new(items, items.Count);
    public static ListResponse<T> Empty { get; } = new([], 0);
}

/// <summary>Elsa's paged <c>{"items":[…],"totalCount":n,"links":[…]}</c>.</summary>
public sealed record PagedListResponse<T>(IReadOnlyList<T> Items, long TotalCount, IReadOnlyList<Link> Links);

/// <summary>A hypermedia link; Studio enables actions by rel (e.g. "publish", "bulk-publish").</summary>
public sealed record Link(string Href, string Rel, string Method);
