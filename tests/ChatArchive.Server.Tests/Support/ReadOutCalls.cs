using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Tests.Support;

/// <summary>The professional's calls on one read-out through the HTTP API, shared by the acceptance journeys.</summary>
public static class ReadOutCalls
{
    /// <summary>Uploads WhatsApp export zips as channel <c>whatsapp</c>; returns the API's answer.</summary>
    public static async Task<JsonElement> UploadAsync(HttpClient professional, long id, params (string Name, byte[] Zip)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, zip) in files)
        {
            var content = new ByteArrayContent(zip);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            form.Add(content, "files", name);
        }
        form.Add(new StringContent("whatsapp"), "channel");
        var upload = await WorkflowJourney.OkAsync(await professional.PostAsync($"/api/read-outs/{id}/uploads", form));
        Assert.Equal("Uploaded", upload.GetProperty("readOut").GetProperty("stage").GetString());
        return upload;
    }

    public static async Task<long> ConversationAsync(HttpClient professional, long id, string titlePart)
    {
        var list = await WorkflowJourney.OkAsync(await professional.GetAsync($"/api/read-outs/{id}/conversations"));
        return list.EnumerateArray().Single(c => c.GetProperty("title").GetString()!.Contains(titlePart, StringComparison.Ordinal)).GetProperty("id").GetInt64();
    }

    public static async Task<int> DecideAsync(HttpClient professional, long id, string scope, string target, string label, string? note = null) =>
        (await WorkflowJourney.OkAsync(await professional.PostAsJsonAsync($"/api/read-outs/{id}/decisions", new { scope, target, label, note })))
        .GetProperty("decided").GetInt32();

    public static async Task<string> OfferAsync(HttpClient professional, long id) =>
        (await WorkflowJourney.OkAsync(await professional.PostAsJsonAsync($"/api/read-outs/{id}/offer", new { }))).GetProperty("stage").GetString()!;

    /// <summary>The validator judges what was offered; <paramref name="dispute"/> picks the messages they disagree with.</summary>
    public static async Task<(string Outcome, List<long> Disputed, List<long> Offered)> ValidateAsync(HttpClient validator, long id, Func<JsonElement, bool> dispute)
    {
        var offered = (await WorkflowJourney.OkAsync(await validator.GetAsync($"/api/read-outs/{id}/validation"))).GetProperty("items").EnumerateArray().ToList();
        var verdicts = offered.Select(m => new
        {
            messageId = m.GetProperty("id").GetInt64(),
            agrees = !dispute(m),
            note = dispute(m) ? "Dit bericht gaat over mijn werk." : null,
        }).ToList();
        var result = await WorkflowJourney.OkAsync(await validator.PostAsJsonAsync($"/api/read-outs/{id}/validation", new { verdicts }));
        return (result.GetProperty("outcome").GetString()!, result.GetProperty("disputedMessageIds").EnumerateArray().Select(e => e.GetInt64()).ToList(),
            offered.Select(m => m.GetProperty("id").GetInt64()).ToList());
    }
}

/// <summary>What the database holds for one officeholder after the journeys: the facts the two policies must differ in.</summary>
public static class PolicyFacts
{
    public const string PrivateTexts = "SELECT COUNT(*) AS \"Value\" FROM ingest_messages WHERE officeholder_id = @o AND (text LIKE '%verjaardag%' OR text LIKE '%Zeeland%')";
    public const string DeletionRecords = "SELECT COUNT(*) AS \"Value\" FROM ro_deletion_records d JOIN ro_read_outs r ON r.id = d.read_out_id WHERE r.officeholder_id = @o";
    public const string Marked = "SELECT COUNT(*) AS \"Value\" FROM ro_messages m JOIN ro_read_outs r ON r.id = m.read_out_id WHERE r.officeholder_id = @o AND m.final_state = 'Marked'";
    public const string RawDestroyed = "SELECT COUNT(*) AS \"Value\" FROM ro_uploads u JOIN ro_read_outs r ON r.id = u.read_out_id WHERE r.officeholder_id = @o AND u.destroyed_at IS NOT NULL";
    public const string Uploads = "SELECT COUNT(*) AS \"Value\" FROM ro_uploads u JOIN ro_read_outs r ON r.id = u.read_out_id WHERE r.officeholder_id = @o";

    /// <summary>One of the counts above for <paramref name="officeholder"/> (an id from the registry, so safe to place in the text).</summary>
    public static async Task<long> CountAsync(ServerFixture server, string sql, long officeholder)
    {
        await using var db = server.CreateDbContext();
#pragma warning disable EF1002 // the only value placed in the text is a numeric id the test got from the registry
        return await db.Database.SqlQueryRaw<long>(sql.Replace("@o", officeholder.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)).SingleAsync();
#pragma warning restore EF1002
    }
}
