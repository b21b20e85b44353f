using System.Security.Cryptography;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Tests.Support;

namespace ChatArchive.Ingestion.Tests.Email;

/// <summary>Issue 16 §4: the X archive download (posts, replies, media, direct messages, profile), channel social media.</summary>
public class XArchiveReaderTests
{
    private static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, 9, 8, 7];

    private const string Account = """window.YTD.account.part0 = [{"account": {"username": "MinisterBakker", "accountId": "1001", "accountDisplayName": "Minister Bakker"}}]""";

    private const string Tweets = """
        window.YTD.tweets.part0 = [
          {"tweet": {"id_str": "1", "created_at": "Wed Mar 01 09:00:00 +0000 2023", "full_text": "Vandaag het kabinetsbesluit over woningbouw."}},
          {"tweet": {"id_str": "2", "created_at": "Wed Mar 01 10:30:00 +0000 2023", "full_text": "@Journalist Het besluit staat online.", "in_reply_to_status_id_str": "77",
            "extended_entities": {"media": [{"media_url_https": "https://pbs.twimg.com/media/abc.jpg"}]}}}
        ]
        """;

    private const string Dms = """
        window.YTD.direct_messages.part0 = [{"dmConversation": {"conversationId": "1001-2002", "messages": [
          {"messageCreate": {"id": "m2", "senderId": "1001", "recipientId": "2002", "text": "Graag gedaan", "createdAt": "2023-03-02T08:05:00.000Z"}},
          {"messageCreate": {"id": "m1", "senderId": "2002", "recipientId": "1001", "text": "Dank voor de toelichting", "createdAt": "2023-03-02T08:00:00.000Z"}}
        ]}}]
        """;

    private static string WriteArchive(string tweets = Tweets)
    {
        var root = ExportFiles.Folder();
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        File.WriteAllText(Path.Combine(data, "account.js"), Account);
        File.WriteAllText(Path.Combine(data, "tweets.js"), tweets);
        File.WriteAllText(Path.Combine(data, "direct-messages.js"), Dms);
        Directory.CreateDirectory(Path.Combine(data, "tweets_media"));
        File.WriteAllBytes(Path.Combine(data, "tweets_media", "2-abc.jpg"), Photo);
        return root;
    }

    [Fact]
    public void Posts_replies_media_and_direct_messages_are_read_into_the_canonical_model()
    {
        var (format, items) = ExportFiles.Read(WriteArchive());
        Assert.Equal(ExportFormats.XArchive, format);
        Assert.Equal(Channels.SocialMedia, FormatChannels.ChannelOf(format));
        var conversations = items.OfType<ConversationStarted>().ToList();
        Assert.Equal("Berichten van Minister Bakker (@MinisterBakker)", conversations[0].Title);
        var posts = items.OfType<MessageRead>().Where(m => m.ConversationKey == "x:posts").Select(m => m.Message).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Equal("@MinisterBakker", posts[0].Sender);
        Assert.Equal(new DateTimeOffset(2023, 3, 1, 9, 0, 0, TimeSpan.Zero), posts[0].Sent);
        Assert.Equal("77", posts[1].ReplyToSourceId);
        var photo = posts[1].Attachments.Single();
        Assert.True(photo.Present);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Photo)), photo.Sha256);

        var dm = items.OfType<MessageRead>().Where(m => m.ConversationKey == "x:dm:1001-2002").Select(m => m.Message).ToList();
        Assert.Equal(["Dank voor de toelichting", "Graag gedaan"], dm.Select(m => m.Text)); // in the order of sending
        Assert.Equal("@MinisterBakker", dm[1].Sender);
        Assert.Contains("@MinisterBakker", conversations[1].Participants);
    }

    [Fact]
    public void A_later_archive_lacking_a_post_reports_it_missing()
    {
        var first = ExportFiles.Read(WriteArchive()).Items;
        // The later archive covers the same span (it has a newer post) but lacks the reply of 10:30: deleted in between.
        var later = ExportFiles.Read(WriteArchive("""window.YTD.tweets.part0 = [{"tweet": {"id_str": "1", "created_at": "Wed Mar 01 09:00:00 +0000 2023", "full_text": "Vandaag het kabinetsbesluit over woningbouw."}}, {"tweet": {"id_str": "3", "created_at": "Wed Mar 01 12:00:00 +0000 2023", "full_text": "Nieuw bericht"}}]""")).Items;
        var result = ReadOutComparer.Compare(first, later);
        Assert.Equal("2", Assert.Single(result.Missing).SourceId);
    }
}
