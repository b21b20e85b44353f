using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ChatArchive.Server.Tests.Support;

/// <summary>
/// A small but real OpenID Connect provider on a loopback port for the single sign-on tests: discovery document,
/// JWKS, an authorization endpoint with a sign-in form, and a token endpoint that checks the client secret, the
/// redirect URI and the PKCE verifier before it issues an RS256-signed id_token (claims sub, preferred_username,
/// nonce). Codes are single-use and expire after a minute. It knows one client and whatever user name is typed in:
/// whether that user may use ChatArchive is the server's decision (registry match), which is what the tests check.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "chatarchive-test";
    public const string ClientSecret = "test-geheim-van-de-client";

    private sealed record Grant(string RedirectUri, string? Nonce, string? Challenge, string Login, DateTimeOffset Expires);

    private readonly WebApplication _app;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _redirectUris = [];

    private TestOidcProvider(WebApplication app) => _app = app;

    public Uri Issuer { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Number of id_tokens issued (a test can assert the server really went through the token endpoint).</summary>
    public int TokensIssued => _tokensIssued;

    private int _tokensIssued;

    public static async Task<TestOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new TestOidcProvider(app);
        provider.Map();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Issuer = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/'));
        return provider;
    }

    /// <summary>Registers the client's redirect URI (known only once the ChatArchive server has its port).</summary>
    public void AllowRedirect(Uri redirectUri) => _redirectUris.Add(redirectUri.ToString());

    private string IssuerText => Issuer.ToString().TrimEnd('/');

    private void Map()
    {
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = IssuerText,
            ["authorization_endpoint"] = IssuerText + "/authorize",
            ["token_endpoint"] = IssuerText + "/token",
            ["jwks_uri"] = IssuerText + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
            ["scopes_supported"] = new[] { "openid", "profile", "email" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var p = _rsa.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "test-1", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
        });
        _app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["client_id"] != ClientId || !_redirectUris.Contains(q["redirect_uri"].ToString()) || q["response_type"] != "code")
            {
                return Results.BadRequest("unknown client, redirect_uri or response_type");
            }
            var html = new StringBuilder("<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Identiteitsprovider (test)</title></head><body><main><h1>Identiteitsprovider van het departement</h1><form method=\"post\" action=\"/authorize\">");
            foreach (var name in new[] { "redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method" })
            {
                html.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(HtmlEncoder.Default.Encode(q[name].ToString())).Append("\">");
            }
            html.Append("<p><label for=\"login\">Account bij het departement</label><input id=\"login\" name=\"login\" required></p><p><button type=\"submit\">Inloggen bij het departement</button></p></form></main></body></html>");
            return Results.Content(html.ToString(), "text/html; charset=utf-8");
        });
        _app.MapPost("/authorize", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var redirect = form["redirect_uri"].ToString();
            if (!_redirectUris.Contains(redirect)) return Results.BadRequest("unknown redirect_uri");
            if (form["code_challenge_method"] != "S256") return Results.BadRequest("PKCE S256 required");
            var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            _codes[code] = new Grant(redirect, form["nonce"], form["code_challenge"], form["login"].ToString(), DateTimeOffset.UtcNow.AddMinutes(1));
            return Results.Redirect($"{redirect}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(form["state"].ToString())}&iss={Uri.EscapeDataString(IssuerText)}");
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var (clientId, secret) = ClientCredentials(request, form);
            if (clientId != ClientId || secret != ClientSecret) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant) || grant.Expires < DateTimeOffset.UtcNow
                || grant.RedirectUri != form["redirect_uri"])
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }
            var verifier = form["code_verifier"].ToString();
            if (grant.Challenge is null || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.Challenge)
            {
                return Results.Json(new { error = "invalid_grant", error_description = "PKCE" }, statusCode: 400);
            }
            var now = DateTime.UtcNow;
            var accessToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
            var atHash = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]);
            var claims = new Dictionary<string, object> { ["sub"] = "ext-" + grant.Login, ["preferred_username"] = grant.Login, ["at_hash"] = atHash };
            if (grant.Nonce is { Length: > 0 } nonce) claims["nonce"] = nonce;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = IssuerText,
                Audience = ClientId,
                Claims = claims,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = "test-1" }, SecurityAlgorithms.RsaSha256),
            });
            Interlocked.Increment(ref _tokensIssued);
            return Results.Json(new { access_token = accessToken, token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
    }

    private static (string? ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : null);
        }
        return (form["client_id"], form["client_secret"]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
