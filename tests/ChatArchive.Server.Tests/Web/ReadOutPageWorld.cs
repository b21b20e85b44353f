using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ChatArchive.Classification.Decisions;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Persistence.ReadOuts;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Server.Tests.Web;

/// <summary>
/// A real server with the demo registry and one read-out of the first BZK officeholder (demo user bewindspersoon.bzk.1),
/// for the read-out pages' tests; synthetic chats written for these tests (fictional people).
/// </summary>
public sealed partial class ReadOutPageWorld : IAsyncDisposable
{
    public const string PrivateText = "Gefeliciteerd met je verjaardag! Fijne dag met de kinderen, groetjes van tante Ria";

    public static readonly string[] WorkChat =
    [
        "01-02-2024 09:00 - Sanne de Vries: Goedemorgen minister, de beslisnota over de woningbouwopgave staat klaar.",
        "01-02-2024 09:05 - Minister: Dank, ik lees hem vanavond.",
        "02-02-2024 13:15 - Sanne de Vries: De gedeputeerde belt om 14.00 uur over de stikstofruimte.",
    ];

    public static readonly string[] FamilyChat =
    [
        "10-02-2024 08:00 - Tante Ria: " + PrivateText,
        "10-02-2024 08:10 - Minister: Dank je wel lieve tante!",
    ];

    public static readonly ChecklistItem[] Departure =
    [
        new("prive-gescheiden", "Privé- en partijpolitieke berichten zijn gescheiden", "Volgens de Handreiking worden privéberichten vóór het vertrek gemarkeerd of verwijderd."),
        new("geen-mee", "Geen zakelijke informatie meegenomen", "Zakelijke informatie blijft bij het ministerie (Handreiking)."),
    ];

    public required ServerFixture Server { get; init; }
    public required ReadOutService Service { get; init; }
    public required ReadOutState ReadOut { get; init; }
    public required long Minister { get; init; }

    /// <param name="settings">More configuration keys for the server (added to the world's own).</param>
    public static async Task<ReadOutPageWorld> CreateAsync(DatabaseProvider provider, string purpose, bool kestrel = false,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["ChatArchive:Sealing:VaultKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["ChatArchive:Web:MaxUploadBytes"] = "200000",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var server = await ServerFixture.StartAsync(provider, kestrel: kestrel, settings: all, purpose: purpose);
        var bzk = await server.DepartmentAsync("BZK");
        await using var db = server.CreateDbContext();
        var minister = await db.Set<Officeholder>().Where(o => o.DepartmentId == bzk.Id).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        var service = server.Services.GetRequiredService<ReadOutService>();
        var policy = new DepartmentPolicy(ReadOutFrequency.Monthly, true, CleaningMode.Remove, true, true);
        var ro = await service.CreateAsync(new CreateReadOut(new StepKey("wf-web-" + purpose, "uitlezing"), minister, "whatsapp", policy, Roles.Officeholder,
            new Actor("0", Roles.InformationProfessional)));
        return new ReadOutPageWorld { Server = server, Service = service, ReadOut = ro, Minister = minister };
    }

    /// <summary>Uploads and reads in the chats as the workflow's activities would (the service, not the page).</summary>
    public async Task<IngestResult> IngestAsync(params (string Name, string[] Lines)[] chats)
    {
        var uploads = chats.Select(c => new ExportUpload(c.Name, "whatsapp", new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", c.Lines) + "\n")))).ToList();
        await Service.RegisterUploadsAsync(ReadOut.Id, uploads, new Actor("0", Roles.InformationProfessional));
        var ingest = await Service.IngestAsync(ReadOut.Id);
        await Service.SuggestAsync(ReadOut.Id, ReadOut.Policy);
        return ingest;
    }

    public Task<ChecklistView> DepartureChecklistAsync() =>
        Server.Services.GetRequiredService<ChecklistService>().CreateAsync(new CreateChecklist(new StepKey("wf-web-vertrek", "exit"), Minister, "departure",
            "Vertrekchecklist", Departure, Roles.Officeholder, new Actor("0", Roles.InformationProfessional)));

    /// <summary>A client that behaves like a browser: signed in through the sign-in page, keeping its cookies, asking for HTML, not following redirects.</summary>
    public async Task<HttpClient> BrowserAsync(string userName)
    {
        var client = Server.CreateAnonymousClient();
        var signIn = await client.GetStringAsync("/aanmelden");
        var field = Regex.Match(signIn, "name=\"(__RequestVerificationToken[^\"]*)\" value=\"([^\"]+)\"");
        Assert.True(field.Success, "the sign-in page has an antiforgery field");
        var response = await client.PostAsync("/aanmelden", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [field.Groups[1].Value] = WebUtility.HtmlDecode(field.Groups[2].Value),
            ["userName"] = userName,
            ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        client.DefaultRequestHeaders.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>The antiforgery token of the page's first form.</summary>
    public static string Token(string html)
    {
        var m = AntiforgeryField().Match(html);
        Assert.True(m.Success, "the page has a form with an antiforgery token");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>Posts a form with the token; follows one redirect (post-redirect-get) and returns the status and the HTML shown.</summary>
    public static async Task<(HttpStatusCode Status, string Html)> PostAsync(HttpClient client, string url, string token, params (string Key, string Value)[] fields)
    {
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token));
        var response = await client.PostAsync(url, new FormUrlEncodedContent(values));
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
        {
            var next = await client.GetAsync(response.Headers.Location);
            return (next.StatusCode, await next.Content.ReadAsStringAsync());
        }
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static MultipartFormDataContent Files(string token, params (string Field, string Name, byte[] Content, string? Channel)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        for (var i = 0; i < files.Length; i++)
        {
            var (field, name, content, channel) = files[i];
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, field, name);
            if (channel is not null) form.Add(new StringContent(channel), "channel" + field[^1]);
        }
        return form;
    }

    public static byte[] Chat(string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
