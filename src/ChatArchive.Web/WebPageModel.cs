using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Web;

/// <summary>Base of every page: the signed-in user and the security headers (CSP without inline scripts).</summary>
public abstract class WebPageModel : PageModel
{
    private WebUser? user;

    /// <summary>The signed-in user; pages other than the error page are never reached without one.</summary>
    public WebUser Me => user ??= HttpContext.RequestServices.GetRequiredService<IWebUserAccessor>().Get(HttpContext)
        ?? throw new UnauthorizedAccessException("No signed-in user on this page request.");

    public WebUser? MeOrNull => user ??= HttpContext.RequestServices.GetRequiredService<IWebUserAccessor>().Get(HttpContext);

    /// <summary>
    /// The request came from htmx (a form with <c>hx-post</c>, JavaScript on): the handler answers with the changed part
    /// of the page only. Without JavaScript the same form posts normally and gets the whole page.
    /// </summary>
    public bool IsHtmx => Request.Headers["HX-Request"] == "true";

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        WebSetup.SetSecurityHeaders(context.HttpContext.Response);
        base.OnPageHandlerExecuting(context);
    }
}
