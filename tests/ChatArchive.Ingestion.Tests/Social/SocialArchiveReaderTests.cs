using System.Security.Cryptography;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Social;
using ChatArchive.Ingestion.Tests.Support;

namespace ChatArchive.Ingestion.Tests.Social;

/// <summary>
/// Issue 16 §4: the Instagram and Facebook downloads (JSON) and LinkedIn's copy of your data (CSV), channel social
/// media. The downloads here are written by hand in the layout the services document; every name is made up.
/// </summary>
public class SocialArchiveReaderTests
{
    private static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4];

    /// <summary>"Café" as Meta writes it: each UTF-8 byte escaped as its own character.</summary>
    private const string CafeEscaped = "Caf\\u00c3\\u00a9";

    private const string InstagramProfile = """{"profile_user": [{"string_map_data": {"Name": {"value": "Minister Bakker"}, "Username": {"value": "ministerbakker"}}}]}""";

    private static string InstagramPosts(bool withSecondPost = true) => $$"""
        [
          {"media": [{"uri": "media/posts/202303/woningbouw.jpg", "creation_timestamp": 1677661200, "title": "Vandaag het besluit over woningbouw."}]},
          {{(withSecondPost ? """{"title": "Werkbezoek in Zwolle", "creation_timestamp": 1677747600, "media": [{"uri": "media/posts/202303/zwolle.jpg", "creation_timestamp": 1677747600}]}""" : """{"title": "Later bericht", "creation_timestamp": 1677920400, "media": [{"uri": "media/posts/202303/later.jpg", "creation_timestamp": 1677920400}]}""")}}
        ]
        """;

    private const string InstagramComments = """[{"string_map_data": {"Comment": {"value": "Dank voor uw vraag"}, "Media Owner": {"value": "gemeentezwolle"}, "Time": {"timestamp": 1677751200}}}]""";

    // message_1.json holds the newest messages, newest first within the file.
    private const string InstagramThreadNewest = $$"""
        {"participants": [{"name": "Jan de Vries"}, {"name": "Minister Bakker"}], "title": "Jan de Vries", "thread_path": "inbox/jandevries_123",
         "messages": [
           {"sender_name": "Minister Bakker", "timestamp_ms": 1677837600000, "content": "Tot morgen in het {{CafeEscaped}}"},
           {"sender_name": "Jan de Vries", "timestamp_ms": 1677834000000, "content": "Zie foto", "photos": [{"uri": "your_instagram_activity/messages/inbox/jandevries_123/photos/1.jpg"}]}
         ]}
        """;

    private const string InstagramThreadOlder = """
        {"participants": [{"name": "Jan de Vries"}, {"name": "Minister Bakker"}], "title": "Jan de Vries",
         "messages": [{"sender_name": "Jan de Vries", "timestamp_ms": 1677830400000, "content": "Goedemorgen"}]}
        """;

    private static string WriteInstagram(bool withSecondPost = true)
    {
        const string a = "instagram-ministerbakker-2023-03-10/";
        return ExportFiles.WriteZip("instagram.zip",
            (a + "personal_information/personal_information/personal_information.json", ExportFiles.Utf8(InstagramProfile)),
            (a + "your_instagram_activity/content/posts_1.json", ExportFiles.Utf8(InstagramPosts(withSecondPost))),
            (a + "your_instagram_activity/comments/post_comments_1.json", ExportFiles.Utf8(InstagramComments)),
            (a + "your_instagram_activity/messages/inbox/jandevries_123/message_1.json", ExportFiles.Utf8(InstagramThreadNewest)),
            (a + "your_instagram_activity/messages/inbox/jandevries_123/message_2.json", ExportFiles.Utf8(InstagramThreadOlder)),
            (a + "your_instagram_activity/messages/inbox/jandevries_123/photos/1.jpg", Photo),
            (a + "media/posts/202303/woningbouw.jpg", Photo));
    }

    [Fact]
    public void Instagram_posts_comments_and_messages_are_read_in_order_of_sending_with_text_repaired()
    {
        var (format, items) = ExportFiles.Read(WriteInstagram());
        Assert.Equal(ExportFormats.InstagramArchive, format);
        Assert.Equal(Channels.SocialMedia, FormatChannels.ChannelOf(format));

        var titles = items.OfType<ConversationStarted>().ToDictionary(c => c.ConversationKey, c => c.Title);
        Assert.Equal("Berichten van Minister Bakker op Instagram", titles["instagram:posts"]);
        var posts = Of(items, "instagram:posts");
        Assert.Equal(["Vandaag het besluit over woningbouw.", "Werkbezoek in Zwolle"], posts.Select(p => p.Text));
        Assert.All(posts, p => Assert.Equal("Minister Bakker", p.Sender));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1677661200), posts[0].Sent);
        Assert.True(posts[0].Attachments.Single().Present);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Photo)), posts[0].Attachments.Single().Sha256);
        Assert.False(posts[1].Attachments.Single().Present); // named in the download, file not in it

        var comment = Assert.Single(Of(items, "instagram:comments"));
        Assert.StartsWith("Dank voor uw vraag", comment.Text, StringComparison.Ordinal);

        var dm = Of(items, "instagram:dm:inbox/jandevries_123");
        Assert.Equal(["Goedemorgen", "Zie foto", "Tot morgen in het Café"], dm.Select(m => m.Text));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Photo)), dm[1].Attachments.Single().Sha256);
        var thread = items.OfType<ConversationStarted>().Single(c => c.ConversationKey == "instagram:dm:inbox/jandevries_123");
        Assert.Equal("Jan de Vries", thread.Title);
        Assert.Equal(["Jan de Vries", "Minister Bakker"], thread.Participants.Order(StringComparer.Ordinal));
        Assert.False(thread.IsGroup);
    }

    [Fact]
    public void A_later_instagram_download_lacking_a_post_reports_it_missing()
    {
        var first = ExportFiles.Read(WriteInstagram()).Items;
        var later = ExportFiles.Read(WriteInstagram(withSecondPost: false)).Items;
        var result = ReadOutComparer.Compare(first, later);
        Assert.Equal("Werkbezoek in Zwolle", Assert.Single(result.Missing).Text);
    }

    [Fact]
    public void Facebook_posts_comments_and_a_withdrawn_message_are_read()
    {
        var root = ExportFiles.Folder();
        void Write(string path, string text)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
        Write("personal_information/profile_information/profile_information.json", """{"profile_v2": {"name": {"full_name": "Minister Bakker"}}}""");
        Write("your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json", $$$"""
            [{"timestamp": 1677661200, "data": [{"post": "Bezoek aan het {{{CafeEscaped}}} van de buurt"}, {"update_timestamp": 1677661300}],
              "attachments": [{"data": [{"media": {"uri": "your_facebook_activity/posts/media/bezoek.jpg", "creation_timestamp": 1677661200}}]}],
              "title": "Minister Bakker"},
             {"timestamp": 1677747600, "data": [], "attachments": [{"data": [{"external_context": {"url": "https://www.rijksoverheid.nl/besluit"}}]}]}]
            """);
        Directory.CreateDirectory(Path.Combine(root, "your_facebook_activity/posts/media"));
        File.WriteAllBytes(Path.Combine(root, "your_facebook_activity/posts/media/bezoek.jpg"), Photo);
        Write("your_facebook_activity/comments_and_reactions/comments.json", """
            {"comments_v2": [{"timestamp": 1677751200, "data": [{"comment": {"timestamp": 1677751200, "comment": "Goed punt", "author": "Minister Bakker"}}], "title": "Minister Bakker reageerde op een bericht."}]}
            """);
        Write("your_facebook_activity/messages/inbox/pietjansen_42/message_1.json", """
            {"participants": [{"name": "Piet Jansen"}, {"name": "Minister Bakker"}], "title": "Piet Jansen",
             "messages": [
               {"sender_name": "Piet Jansen", "timestamp_ms": 1677837600000, "is_unsent": true},
               {"sender_name": "Minister Bakker", "timestamp_ms": 1677834000000, "content": "Zie de link", "share": {"link": "https://www.rijksoverheid.nl"}}
             ]}
            """);

        var (format, items) = ExportFiles.Read(root);
        Assert.Equal(ExportFormats.FacebookArchive, format);
        var posts = Of(items, "facebook:posts");
        Assert.Equal(["Bezoek aan het Café van de buurt", "https://www.rijksoverheid.nl/besluit"], posts.Select(p => p.Text));
        Assert.True(posts[0].Attachments.Single().Present);
        Assert.StartsWith("Goed punt", Assert.Single(Of(items, "facebook:comments")).Text, StringComparison.Ordinal);
        var dm = Of(items, "facebook:dm:inbox/pietjansen_42");
        Assert.Equal("Zie de link\nhttps://www.rijksoverheid.nl", dm[0].Text);
        Assert.True(dm[1].Deleted); // withdrawn by the sender: a tombstone, no text
        Assert.Equal("", dm[1].Text);
    }

    private const string LinkedInMessages = """
        CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER
        2-abc,,Minister Bakker,https://www.linkedin.com/in/mb,Anna Smit,https://www.linkedin.com/in/as,2023-03-02 09:05:00 UTC,,"Dank, Anna. Ik kom graag.",INBOX
        2-abc,,Anna Smit,https://www.linkedin.com/in/as,Minister Bakker,https://www.linkedin.com/in/mb,2023-03-02 09:00:00 UTC,Uitnodiging,"Beste minister,
        wilt u spreken op ons ""congres""?",INBOX
        2-def,,Karel Dijk,https://www.linkedin.com/in/kd,Minister Bakker,https://www.linkedin.com/in/mb,2023-03-01 08:00:00 UTC,,Hallo,INBOX
        """;

    private static string WriteLinkedIn(string messages = LinkedInMessages) => ExportFiles.WriteZip("linkedin.zip",
        ("Profile.csv", ExportFiles.Utf8("First Name,Last Name,Maiden Name,Headline\nMinister,Bakker,,Minister\n")),
        ("messages.csv", ExportFiles.Utf8(messages)),
        ("Shares.csv", ExportFiles.Utf8("Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n2023-03-03 12:00:00,https://www.linkedin.com/feed/update/1,\"Vandaag, samen met de gemeente:\nde eerste woningen.\",,,MEMBER_NETWORK\n")));

    [Fact]
    public void LinkedIn_messages_with_quoted_commas_and_line_breaks_and_posts_are_read()
    {
        var (format, items) = ExportFiles.Read(WriteLinkedIn());
        Assert.Equal(ExportFormats.LinkedInArchive, format);
        Assert.Equal(Channels.SocialMedia, FormatChannels.ChannelOf(format));
        var post = Assert.Single(Of(items, "linkedin:posts"));
        Assert.Equal("Vandaag, samen met de gemeente:\nde eerste woningen.", post.Text);
        Assert.Equal("Minister Bakker", post.Sender);
        Assert.Equal(new DateTimeOffset(2023, 3, 3, 12, 0, 0, TimeSpan.Zero), post.Sent);

        var dm = Of(items, "linkedin:dm:2-abc");
        Assert.Equal(["Uitnodiging\nBeste minister,\nwilt u spreken op ons \"congres\"?", "Dank, Anna. Ik kom graag."], dm.Select(m => m.Text));
        Assert.Equal(["Anna Smit", "Minister Bakker"], dm.Select(m => m.Sender));
        Assert.Single(Of(items, "linkedin:dm:2-def"));
    }

    [Fact]
    public void LinkedIn_without_a_date_column_is_refused_naming_it()
    {
        var error = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(WriteLinkedIn(LinkedInMessages.Replace(",DATE,", ",DATUM,")), ExportFormats.LinkedInArchive));
        Assert.Contains("'DATE'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinkedIn_with_a_quote_left_open_is_refused_naming_the_line()
    {
        var broken = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n2-abc,,A,u,B,u,2023-03-02 09:05:00 UTC,,ok,INBOX\n2-abc,,A,u,B,u,2023-03-02 09:06:00 UTC,,\"never closed,INBOX\n";
        var error = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(WriteLinkedIn(broken)));
        Assert.Contains("regel 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinkedIn_with_a_bad_date_is_refused_naming_the_line()
    {
        var error = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(WriteLinkedIn(LinkedInMessages.Replace("2023-03-01 08:00:00 UTC", "1 maart 2023"))));
        Assert.Contains("Regel 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_instagram_file_is_refused_naming_it()
    {
        var path = ExportFiles.WriteZip("instagram.zip",
            ("your_instagram_activity/messages/inbox/a_1/message_1.json", ExportFiles.Utf8("""{"participants": [], "messages": [{"sender_name": "A", """)));
        var error = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(path));
        Assert.Contains("message_1.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_without_a_time_is_refused_not_dated_guessed()
    {
        var path = ExportFiles.WriteZip("instagram.zip",
            ("your_instagram_activity/messages/inbox/a_1/message_1.json", ExportFiles.Utf8("""{"participants": [{"name": "A"}], "messages": [{"sender_name": "A", "content": "x"}]}""")));
        var error = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(path));
        Assert.Contains("timestamp_ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_older_download_with_only_messages_is_not_guessed_between_instagram_and_facebook()
    {
        var path = ExportFiles.WriteZip("download.zip",
            ("messages/inbox/a_1/message_1.json", ExportFiles.Utf8("""{"participants": [{"name": "A"}], "messages": [{"sender_name": "A", "timestamp_ms": 1677830400000, "content": "x"}]}""")));
        var error = Assert.Throws<ExportFormatException>(() => ExportFiles.Read(path));
        Assert.Contains("--format", error.Message, StringComparison.Ordinal);
        // Named explicitly, it reads.
        Assert.Equal("x", ExportFiles.Read(path, ExportFormats.FacebookArchive).Items.Messages().Single().Text);
    }

    [Theory]
    [InlineData("Caf\u00c3\u00a9", "Café")] // escaped UTF-8 bytes
    [InlineData("Café", "Café")] // already right: é alone is no UTF-8
    [InlineData("\u00f0\u009f\u0098\u0080", "😀")] // four bytes
    [InlineData("geen accenten", "geen accenten")]
    [InlineData("Ελλάδα", "Ελλάδα")] // characters above 255: written right
    public void Meta_text_is_repaired_only_when_it_is_escaped_utf8(string written, string expected) =>
        Assert.Equal(expected, MetaText.Repair(written));

    private static List<CanonicalMessage> Of(List<ExportItem> items, string key) =>
        items.OfType<MessageRead>().Where(m => m.ConversationKey == key).Select(m => m.Message).ToList();
}
