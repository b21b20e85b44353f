using System.Text;
using System.Text.Encodings.Web;
using ChatArchive.Domain.Registry;
using Microsoft.AspNetCore.Antiforgery;

namespace ChatArchive.Server.Auth;

/// <summary>
/// The Dutch development sign-in page. Plain server-rendered HTML with a labelled select, so it
/// works with keyboard and screen reader (WCAG 2.1 AA is a legal duty for Dutch government sites).
/// </summary>
internal static class SignInPage
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>
    /// The sign-in page: the password form (local accounts, ASP.NET Core Identity) always; the pick-a-user list only
    /// with the development sign-in. <paramref name="askCode"/> marks the TOTP field as needed for this account.
    /// </summary>
    public static IResult Render(IReadOnlyList<SignInUserDirectory.SignInUser> users, string returnUrl, AntiforgeryTokenSet tokens, string? error,
        int status = 200, bool developmentSignIn = true, string? userName = null, bool askCode = false, bool singleSignOn = false)
    {
        var sb = new StringBuilder();
        sb.Append(Header("Aanmelden"));
        sb.Append("<main id=\"inhoud\"><h1>Aanmelden</h1>");
        if (error is not null)
        {
            sb.Append("<div role=\"alert\" class=\"fout\"><p>").Append(Html.Encode(error)).Append("</p></div>");
        }
        if (singleSignOn)
        {
            sb.Append("<h2>Met uw organisatieaccount</h2><p><a class=\"knop\" href=\"").Append(AuthSchemes.SingleSignOnPath).Append("?returnUrl=")
              .Append(Html.Encode(Uri.EscapeDataString(returnUrl))).Append("\">Aanmelden via het departement</a></p>");
        }
        sb.Append("<h2>Met gebruikersnaam en wachtwoord</h2>");
        sb.Append("<form method=\"post\" action=\"").Append(AuthSchemes.PasswordSignInPath).Append("\">");
        AppendHidden(sb, tokens, returnUrl);
        sb.Append("<p><label for=\"lokaal-gebruikersnaam\">Gebruikersnaam</label><br><input id=\"lokaal-gebruikersnaam\" name=\"userName\" autocomplete=\"username\" required value=\"")
          .Append(Html.Encode(userName ?? "")).Append("\"></p>");
        sb.Append("<p><label for=\"lokaal-wachtwoord\">Wachtwoord</label><br><input id=\"lokaal-wachtwoord\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></p>");
        sb.Append("<p><label for=\"lokaal-code\">Verificatiecode uit uw authenticator-app").Append(askCode ? "" : " (alleen als u tweestapsverificatie gebruikt)")
          .Append("</label><br><input id=\"lokaal-code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"6\"").Append(askCode ? " required" : "").Append("></p>");
        sb.Append("<p><button type=\"submit\">Aanmelden met wachtwoord</button></p></form>");
        if (developmentSignIn)
        {
            sb.Append("<h2>Ontwikkelaanmelding</h2>");
            sb.Append("<p>Ontwikkel- en demo-omgeving: kies een gebruiker uit het register. Een wachtwoord is hier niet nodig.</p>");
            if (users.Count == 0)
            {
                sb.Append("<p>Er staan nog geen gebruikers in het register. Start de server in ingebedde modus met demogegevens (ChatArchive:DemoData) of voeg gebruikers toe via de API.</p>");
            }
            else
            {
                sb.Append("<form method=\"post\" action=\"").Append(AuthSchemes.SignInPath).Append("\">");
                AppendHidden(sb, tokens, returnUrl);
                sb.Append("<p><label for=\"userName\">Gebruiker</label><br><select id=\"userName\" name=\"userName\" required>");
                foreach (var group in users.GroupBy(u => u.Department))
                {
                    var label = group.Key == Roles.AllDepartments ? "Rijksbreed" : group.Key;
                    sb.Append("<optgroup label=\"").Append(Html.Encode(label)).Append("\">");
                    foreach (var u in group)
                    {
                        sb.Append("<option value=\"").Append(Html.Encode(u.UserName)).Append("\">")
                          .Append(Html.Encode(u.DisplayName)).Append(" (").Append(Html.Encode(u.UserName)).Append(")</option>");
                    }
                    sb.Append("</optgroup>");
                }
                sb.Append("</select></p><p><button type=\"submit\">Aanmelden</button></p></form>");
            }
        }
        sb.Append("</main></body></html>");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static void AppendHidden(StringBuilder sb, AntiforgeryTokenSet tokens, string returnUrl)
    {
        sb.Append("<input type=\"hidden\" name=\"").Append(Html.Encode(tokens.FormFieldName)).Append("\" value=\"").Append(Html.Encode(tokens.RequestToken ?? "")).Append("\">");
        sb.Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(Html.Encode(returnUrl)).Append("\">");
    }

    /// <summary>A page with a heading, an optional alert and body HTML (already encoded by the caller).</summary>
    public static IResult Message(string title, string? error, string bodyHtml, int status = 200)
    {
        var sb = new StringBuilder();
        sb.Append(Header(title));
        sb.Append("<main id=\"inhoud\"><h1>").Append(Html.Encode(title)).Append("</h1>");
        if (error is not null)
        {
            sb.Append("<div role=\"alert\" class=\"fout\"><p>").Append(Html.Encode(error)).Append("</p></div>");
        }
        sb.Append(bodyHtml).Append("</main></body></html>");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>The sign-out question: one button that posts with an antiforgery token.</summary>
    public static IResult SignOut(AntiforgeryTokenSet tokens, string? error, int status = 200)
    {
        var sb = new StringBuilder();
        sb.Append(Header("Afmelden"));
        sb.Append("<main id=\"inhoud\"><h1>Afmelden</h1>");
        if (error is not null)
        {
            sb.Append("<div role=\"alert\" class=\"fout\"><p>").Append(Html.Encode(error)).Append("</p></div>");
        }
        sb.Append("<p>Wilt u zich afmelden? Uw sessie wordt dan op de server beëindigd, ook in Studio.</p>");
        sb.Append("<form method=\"post\" action=\"").Append(AuthSchemes.SignOutPath).Append("\">");
        sb.Append("<input type=\"hidden\" name=\"").Append(Html.Encode(tokens.FormFieldName)).Append("\" value=\"").Append(Html.Encode(tokens.RequestToken ?? "")).Append("\">");
        sb.Append("<p><button type=\"submit\">Afmelden</button></p></form><p><a href=\"/\">Terug naar de startpagina</a></p>");
        sb.Append("</main></body></html>");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static IResult Disabled()
    {
        var body = Header("Aanmelden niet beschikbaar") +
                   "<main id=\"inhoud\"><h1>Aanmelden niet beschikbaar</h1><p>De ontwikkelaanmelding staat uit op deze server. " +
                   "Neem contact op met de beheerder voor toegang, of zet ChatArchive:Auth:DevelopmentSignIn op true in een ontwikkelomgeving.</p></main></body></html>";
        return Results.Content(body, "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);
    }

    private static string Header(string title) =>
        "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<title>" + Html.Encode(title) + " – ChatArchive</title>" +
        "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}" +
        "select,button,input{font-size:1rem;padding:.4rem}code{word-break:break-all}"+
        "a.knop{display:inline-block;background:#154273;color:#fff;padding:.5rem 1.2rem;border-radius:3px}"+
        "button{background:#154273;color:#fff;border:0;border-radius:3px;padding:.5rem 1.2rem}" +
        "button:focus,select:focus,input:focus,a:focus{outline:3px solid #ffb612;outline-offset:2px}.fout{border-left:4px solid #d52b1e;padding-left:1rem}</style>" +
        "</head><body><a href=\"#inhoud\" class=\"skiplink\">Naar de inhoud</a>";
}
