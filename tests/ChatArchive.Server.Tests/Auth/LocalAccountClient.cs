using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ChatArchive.Server.Auth;

namespace ChatArchive.Server.Tests.Auth;

/// <summary>
/// What a browser does on the password form (antiforgery token from the page, then the post), and the TOTP code an
/// authenticator app would show (RFC 6238: HMAC-SHA1 over the 30-second step, six digits), computed here.
/// </summary>
public static partial class LocalAccountClient
{
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string userName, string password, string? code = null)
    {
        var page = await browser.GetStringAsync(AuthSchemes.SignInPath);
        var field = AntiforgeryField().Match(page);
        Assert.True(field.Success, "the sign-in page has an antiforgery field");
        var form = new Dictionary<string, string>
        {
            [field.Groups[1].Value] = WebUtility.HtmlDecode(field.Groups[2].Value),
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/",
        };
        if (code is not null) form["code"] = code;
        return await browser.PostAsync(AuthSchemes.PasswordSignInPath, new FormUrlEncodedContent(form));
    }

    /// <summary>The six-digit code for a base32 secret at <paramref name="at"/> (now when null).</summary>
    public static string TotpCode(string base32Secret, DateTimeOffset? at = null)
    {
        var key = Base32Decode(base32Secret.Replace(" ", "", StringComparison.Ordinal));
        var step = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            Assert.True(value >= 0, $"'{c}' is not a base32 character");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }

    [GeneratedRegex("name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"")]
    public static partial Regex AntiforgeryField();
}
