using System.Text;
using System.Text.Json;
using ChatArchive.Domain.Messages;
using ChatArchive.Sealing.Canonical;
using ChatArchive.Sealing.Tests.Support;

namespace ChatArchive.Sealing.Tests;

public class CanonicalConversationJsonTests
{
    private static CanonicalConversation Begroting() =>
        DutchReadOuts.ReadOut("ro-1", new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 11)).Conversations[0].Conversation;

    private static SealedAttachment? None(int i, int j) => null;

    [Fact]
    public void Same_content_always_gives_the_same_bytes()
    {
        var a = ConversationDocument.Write("wa-begroting-2027", Begroting(), None);
        var b = ConversationDocument.Write("wa-begroting-2027", Begroting(), None);
        Assert.Equal(a, b);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(a)), Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(b)));
    }

    [Fact]
    public void Same_messages_in_another_export_order_or_offset_give_the_same_bytes()
    {
        var c = Begroting();
        var shuffled = c with
        {
            Messages = c.Messages.Reverse().Select(m => m with { Sent = m.Sent }).ToList(),
            Participants = c.Participants.Reverse().ToList(),
        };
        Assert.Equal(ConversationDocument.Write("x", c, None), ConversationDocument.Write("x", shuffled, None));
    }

    [Fact]
    public void One_changed_character_changes_the_bytes()
    {
        var c = Begroting();
        var changed = c with { Messages = c.Messages.Select((m, i) => i == 0 ? m with { Text = m.Text.Replace("14:00", "15:00") } : m).ToList() };
        Assert.NotEqual(ConversationDocument.Write("x", c, None), ConversationDocument.Write("x", changed, None));
    }

    [Fact]
    public void Messages_are_written_in_time_order_with_text_exactly_as_written()
    {
        var json = ConversationDocument.Write("wa-begroting-2027", Begroting(), None);
        Assert.False(json.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "no BOM");
        Assert.DoesNotContain((byte)'\r', json);
        using var doc = JsonDocument.Parse(json);
        var messages = doc.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["m-1", "m-2", "m-3", "m-4"], messages.Select(m => m.GetProperty("sourceId").GetString()));
        Assert.Equal("Akkoord met de nota, met de kanttekening over het accres.\nGraag nog één zin over de opschalingskorting toevoegen.",
            messages[2].GetProperty("text").GetString());
        Assert.Equal(120, messages[0].GetProperty("sentOffsetMinutes").GetInt32());
        Assert.EndsWith("Z", messages[0].GetProperty("sent").GetString());
        // Dutch text is readable in the file, not \u-escaped.
        Assert.Contains("vóór", Encoding.UTF8.GetString(json));
    }
}
