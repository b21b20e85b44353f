using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Web;

/// <summary>
/// The upload page's size limit (<see cref="UploadLimits"/>), checked before anything reads the body (the antiforgery
/// check reads the form): a larger request is refused with 413 (the HTML error page explains it in Dutch) and nothing
/// is stored. Files are buffered to temporary files by ASP.NET Core while the form is read, never held in memory whole.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadSizeLimitAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    /// <summary>Before the antiforgery check and the form limits of MVC.</summary>
    public int Order => -3000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) return;
        var max = UploadLimits.MaxBytes(http.RequestServices.GetRequiredService<IConfiguration>()) + UploadLimits.FormOverheadBytes;
        if (http.Request.ContentLength > max)
        {
            WebSetup.SetSecurityHeaders(http.Response);
            context.Result = new ContentResult { StatusCode = StatusCodes.Status413PayloadTooLarge, ContentType = "text/html; charset=utf-8", Content = TooLargePage(max - UploadLimits.FormOverheadBytes) };
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = max;
        if (!http.Request.HasFormContentType || http.Features.Get<IFormFeature>()?.Form is not null) return;
        http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions
        {
            MultipartBodyLengthLimit = max,
            ValueCountLimit = 100,
        }));
    }

    /// <summary>The refusal as a page of its own (the body is not read, so the usual error page cannot be re-run for it).</summary>
    private static string TooLargePage(long max) =>
        "<!DOCTYPE html><html lang=\"nl\" class=\"rhc-theme\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>Bestand te groot – Chatarchief</title>" +
        $"<link rel=\"stylesheet\" href=\"{WebAssets.RequestPath}/{WebAssets.TokensCss}\"><link rel=\"stylesheet\" href=\"{WebAssets.RequestPath}/{WebAssets.ComponentsCss}\">" +
        $"<link rel=\"stylesheet\" href=\"{WebAssets.RequestPath}/site.css\"></head><body class=\"utrecht-document utrecht-document--surface\">" +
        "<main id=\"inhoud\" class=\"utrecht-page-content\"><h1 class=\"utrecht-heading-1\">Bestand te groot</h1>" +
        $"<p class=\"utrecht-paragraph\">De export is groter dan {UploadLimits.Dutch(max)}, het maximum voor één upload. Er is niets opgeslagen. " +
        "Upload de bestanden één voor één, of vraag de beheerder het maximum te verhogen.</p>" +
        "<p class=\"utrecht-paragraph\"><a class=\"utrecht-link\" href=\"/taken\">Terug naar uw taken</a></p></main></body></html>";
}
