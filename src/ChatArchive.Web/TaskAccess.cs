using ChatArchive.Domain.Registry;
using ChatArchive.Workflows.Engine.HumanTasks;

namespace ChatArchive.Web;

/// <summary>
/// Who may see and act on which task, in one place for the task pages (inbox, task page): a user sees tasks of their
/// own department only (auditor: every department, read-only). A task of another department is "not found" (404),
/// never "forbidden", so its existence is not revealed.
/// </summary>
public static class TaskAccess
{
    public static HumanTaskActor Actor(WebUser user) =>
        new(user.UserId, user.Roles.ToList(), user.Department is null ? null : [user.Department]);

    public static IReadOnlyList<string>? Departments(WebUser user) => user.Department is null ? null : [user.Department];

    public static bool MayAct(WebUser user) => !user.IsOnlyAuditor;
}
