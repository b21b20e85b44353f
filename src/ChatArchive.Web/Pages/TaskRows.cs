using ChatArchive.Workflows.Engine.HumanTasks;

namespace ChatArchive.Web.Pages;

/// <summary>A task as a list row shows it: overdue first, then by due date, then oldest.</summary>
public sealed record TaskRow(HumanTaskItem Task, bool Overdue, bool Mine)
{
    public static IReadOnlyList<TaskRow> Order(IEnumerable<HumanTaskItem> tasks, string userId, DateTimeOffset now) =>
        tasks.Select(t => new TaskRow(t, t.DueAt is { } d && d < now, t.ClaimedBy == userId || t.AssigneeUser == userId))
            .OrderByDescending(r => r.Overdue).ThenBy(r => r.Task.DueAt is null).ThenBy(r => r.Task.DueAt).ThenBy(r => r.Task.CreatedAt)
            .ToList();

    public string StatusText => Task.Status switch
    {
        HumanTaskStatus.Open => "Open",
        HumanTaskStatus.Claimed => Mine ? "Opgepakt door u" : "Opgepakt door een collega",
        HumanTaskStatus.Completed => "Afgerond",
        _ => "Vervallen",
    };
}
