using System.IO.Compression;
using System.Text;
using System.Text.Json;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;

namespace ChatArchive.Cli.Tests.Ingestion;

/// <summary>
/// Issue 16 §4 through the built CLI: <c>inspect --json</c> prints the canonical model of an Instagram, a Facebook and
/// a LinkedIn download, and <c>ingest</c> stores one under channel social media; a later download lacking a post
/// yields "missing since read-out". The downloads are written here by hand; every name is made up.
/// </summary>
public class SocialMediaCommandTests
{
    private static string Zip(params (string Name, string Text)[] entries)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("chatarchive-social-").FullName, "download.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in entries)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(Encoding.UTF8.GetBytes(text));
        }
        return path;
    }

    private static string Instagram(bool withSecond = true) => Zip(
        ("personal_information/personal_information/personal_information.json", """{"profile_user": [{"string_map_data": {"Name": {"value": "Minister Bakker"}}}]}"""),
        ("your_instagram_activity/content/posts_1.json", withSecond
            ? """[{"title": "Eerste bericht", "creation_timestamp": 1677661200, "media": [{"uri": "media/posts/a.jpg"}]}, {"title": "Tweede bericht", "creation_timestamp": 1677747600, "media": [{"uri": "media/posts/b.jpg"}]}]"""
            : """[{"title": "Eerste bericht", "creation_timestamp": 1677661200, "media": [{"uri": "media/posts/a.jpg"}]}, {"title": "Derde bericht", "creation_timestamp": 1677920400, "media": [{"uri": "media/posts/c.jpg"}]}]"""),
        ("your_instagram_activity/messages/inbox/jan_1/message_1.json", """{"participants": [{"name": "Jan"}, {"name": "Minister Bakker"}], "title": "Jan", "messages": [{"sender_name": "Jan", "timestamp_ms": 1677830400000, "content": "Goedemorgen"}]}"""));

    public static TheoryData<string, string, int> Downloads() => new()
    {
        { "instagram", "instagram-archive", 2 },
        { "facebook", "facebook-archive", 2 },
        { "linkedin", "linkedin-archive", 2 },
    };

    private static string Write(string kind) => kind switch
    {
        "instagram" => Instagram(),
        "facebook" => Zip(
            ("your_facebook_activity/posts/your_posts_1.json", """[{"timestamp": 1677661200, "data": [{"post": "Bericht op Facebook"}]}]"""),
            ("your_facebook_activity/messages/inbox/piet_2/message_1.json", """{"participants": [{"name": "Piet"}], "title": "Piet", "messages": [{"sender_name": "Piet", "timestamp_ms": 1677830400000, "content": "Hallo"}]}""")),
        _ => Zip(
            ("Shares.csv", "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2023-03-03 12:00:00,https://www.linkedin.com/feed/update/1,Bericht op LinkedIn,,,PUBLIC\n"),
            ("messages.csv", "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n2-a,,Anna,u,Minister,u,2023-03-02 09:00:00 UTC,,Hallo,INBOX\n")),
    };

    [Theory]
    [MemberData(nameof(Downloads))]
    public async Task Inspect_json_prints_the_canonical_model_of_each_download(string kind, string format, int conversations)
    {
        var r = await CliRunner.RunAsync(["inspect", Write(kind), "--json"]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal(format, doc.RootElement.GetProperty("format").GetString());
        var convs = doc.RootElement.GetProperty("conversations");
        Assert.Equal(conversations, convs.GetArrayLength());
        Assert.All(convs.EnumerateArray(), c => Assert.True(c.GetProperty("messages").GetArrayLength() > 0));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Ingest_stores_a_download_as_social_media_and_a_later_one_lacking_a_post_is_a_finding(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "cliingest");
        await IngestionData.RegisterOfficeholderAsync(db, 42);
        var env = IngestionData.Env(db);

        var first = await CliRunner.RunAsync(["ingest", Instagram(), "--officeholder", "42", "--channel", "social-media", "--json"], env);
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Equal(3, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages"));

        var second = await CliRunner.RunAsync(["ingest", Instagram(withSecond: false), "--officeholder", "42", "--channel", "social-media", "--json"], env);
        Assert.True(second.ExitCode == 0, second.StdErr);
        using var doc = JsonDocument.Parse(second.StdOut);
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "missing-since-read-out");
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM ingest_messages WHERE missing_since_read_out_id IS NOT NULL"));

        var wrong = await CliRunner.RunAsync(["ingest", Instagram(), "--officeholder", "42", "--channel", "whatsapp"], env);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("hoort bij kanaal 'social-media'", wrong.StdErr);
    }
}
