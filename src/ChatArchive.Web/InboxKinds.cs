using System.Collections.Concurrent;
using ChatArchive.Workflows.Engine.HumanTasks;

namespace ChatArchive.Web;

/// <summary>
/// The kinds of task for the inbox's filter (the distinct titles of the tasks a user may see), remembered per user,
/// departments and roles for <see cref="Lifetime"/>: the list changes only when a workflow with a new kind of task
/// starts, while the inbox is opened all day. Without it every inbox request ran a DISTINCT query of its own.
/// A new kind appears in the filter within <see cref="Lifetime"/>; the task lists themselves are never cached.
/// </summary>
public sealed class InboxKinds(IHumanTaskService tasks, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>More entries than this (users × filters) and the memory starts again empty.</summary>
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, IReadOnlyList<string> Kinds)> remembered = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<string>> GetAsync(HumanTaskQuery query, CancellationToken ct) =>
        RememberAsync(remembered, Key(query), c => tasks.TitlesAsync(query, c), ct);

    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, IReadOnlyList<(long Id, string Name)> List)> officeholders = new(StringComparer.Ordinal);

    /// <summary>
    /// The officeholders to filter on for these departments (null = all), remembered the same way: the registry changes
    /// rarely, so the inbox does not read it on every request. <paramref name="load"/> reads it when not remembered.
    /// </summary>
    public Task<IReadOnlyList<(long Id, string Name)>> OfficeholdersAsync(IReadOnlyList<string>? departments,
        Func<CancellationToken, Task<IReadOnlyList<(long Id, string Name)>>> load, CancellationToken ct) =>
        RememberAsync(officeholders, departments is null ? "*" : string.Join(',', departments.Order(StringComparer.Ordinal)), load, ct);

    /// <summary>The remembered value of <paramref name="key"/> while it is younger than <see cref="Lifetime"/>; else loaded and remembered.</summary>
    private async Task<T> RememberAsync<T>(ConcurrentDictionary<string, (DateTimeOffset Until, T Value)> memory, string key,
        Func<CancellationToken, Task<T>> load, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (memory.TryGetValue(key, out var known) && known.Until > now) return known.Value;
        var value = await load(ct);
        if (memory.Count >= MaxEntries) memory.Clear();
        memory[key] = (now + Lifetime, value);
        return value;
    }

    /// <summary>Everything of the query that decides which titles come back (the title filter itself does not).</summary>
    private static string Key(HumanTaskQuery q) => string.Join('\u001f',
        q.Departments is null ? "*" : string.Join(',', q.Departments.Order(StringComparer.Ordinal)),
        q.Statuses is null ? "*" : string.Join(',', q.Statuses.Order()),
        q.User ?? "", q.ExceptUser ?? "", q.Viewer ?? "", q.InstanceId ?? "",
        q.Roles is null ? "" : string.Join(',', q.Roles.Order(StringComparer.Ordinal)));
}
