using ChatArchive.Domain.Registry;
using ChatArchive.Web;

namespace ChatArchive.Server.Auth;

/// <summary>Gives the web pages the signed-in user from the server's own claims (<see cref="CurrentUser"/>).</summary>
public sealed class WebUserAccessor : IWebUserAccessor
{
    public WebUser? Get(HttpContext context) =>
        CurrentUser.FromPrincipal(context.User) is { } user
            ? new WebUser(user.UserId, user.Name, user.Roles, user.Department == Roles.AllDepartments ? null : user.Department)
            : null;
}
