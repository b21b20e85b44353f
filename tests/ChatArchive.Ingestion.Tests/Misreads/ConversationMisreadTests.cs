using System.Text.Json;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Tests.Support;

namespace ChatArchive.Ingestion.Tests.Misreads;

/// <summary>Issue 16: messages under the wrong conversation, participants missing, deletions not seen (SMS, Telegram, iMessage).</summary>
public class ConversationMisreadTests
{
    private const string Header = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<!--File Created By SMS Backup & Restore v10.20.002-->\n<smses count=\"4\" type=\"full\">\n";

    private static string Sms(string address, long ms, int type, string body, string contact) =>
        $"  <sms protocol=\"0\" address=\"{address}\" date=\"{ms}\" type=\"{type}\" subject=\"null\" body=\"{body}\" read=\"1\" status=\"-1\" locked=\"0\" date_sent=\"0\" contact_name=\"{contact}\" />\n";

    private static string InterleavedBackup() => Header
        + Sms("+31611111111", 1679814900000, 1, "A1", "(Unknown)")
        + Sms("+31622222222", 1679814960000, 1, "B1", "Bram Koster")
        + Sms("+31611111111", 1679815020000, 2, "A2", "Sanne Visser")
        + Sms("+31622222222", 1679815080000, 2, "B2", "Bram Koster")
        + Sms("+31611111111", 1679815140000, 1, "A3", "Sanne Visser")
        + "</smses>\n";

    [Fact]
    public void Inspect_json_files_interleaved_sms_threads_under_their_own_conversation()
    {
        var (format, items) = ExportFiles.Read(ExportFiles.WriteText("sms-20230401083000.xml", InterleavedBackup()));
        var output = new MemoryStream();
        using (var w = new InspectJsonWriter(output, format))
        {
            items.ForEach(w.Write);
            w.Complete();
        }
        using var doc = JsonDocument.Parse(output.ToArray());
        var conversations = doc.RootElement.GetProperty("conversations").EnumerateArray().ToList();
        Assert.Equal(2, conversations.Count);
        Assert.Equal(["A1", "A2", "A3"], conversations[0].GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        Assert.Equal(["B1", "B2"], conversations[1].GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        // A participant learned later (the contact saved after the first message) is in the list.
        var participants = conversations[0].GetProperty("participants").EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Contains("Sanne Visser", participants);
        Assert.Contains("Me", participants);
    }

    [Fact]
    public void Inspect_json_writes_no_temporary_file_that_outlives_it()
    {
        var before = Directory.GetFiles(Path.GetTempPath(), "chatarchive-inspect-*").Length;
        var (format, items) = ExportFiles.Read(ExportFiles.WriteText("sms-20230401083000.xml", InterleavedBackup()));
        using (var w = new InspectJsonWriter(new MemoryStream(), format))
        {
            items.ForEach(w.Write);
            w.Complete();
        }
        using (var w = new InspectJsonWriter(new MemoryStream(), format))
        {
            items.Take(4).ToList().ForEach(w.Write); // given up half-way
        }
        Assert.True(Directory.GetFiles(Path.GetTempPath(), "chatarchive-inspect-*").Length <= before);
    }

    [Fact]
    public void A_telegram_one_to_one_chat_where_the_exporter_never_wrote_still_has_two_participants()
    {
        var json = """
        {"name": "Lotte Smit", "type": "personal_chat", "id": 5123456789, "messages": [
          {"id": 1, "type": "message", "date": "2023-03-26T10:00:00", "date_unixtime": "1679817600", "from": "Lotte Smit", "from_id": "user5123456789", "text": "Hallo"}
        ]}
        """;
        var (_, items) = ExportFiles.Read(ExportFiles.WriteText("result.json", json));
        var completed = items.OfType<ConversationCompleted>().Single();
        Assert.Equal(["Lotte Smit", "Me"], completed.Participants);
    }

    [Fact]
    public void A_telegram_bot_chat_keeps_the_real_user()
    {
        var json = """
        {"name": "Weerbot", "type": "bot_chat", "id": 42, "messages": [
          {"id": 1, "type": "message", "date": "2023-03-26T10:00:00", "date_unixtime": "1679817600", "from": "Weerbot", "from_id": "user42", "text": "Morgen regen"}
        ]}
        """;
        var (_, items) = ExportFiles.Read(ExportFiles.WriteText("result.json", json));
        Assert.Contains("Me", items.OfType<ConversationCompleted>().Single().Participants);
    }

    [Fact]
    public void The_imessage_exporter_tombstone_without_content_is_a_deleted_message_not_an_empty_one_plus_a_notice()
    {
        var txt = "Apr 1, 2024 10:00:00 AM\nAnna de Vries\nGoedemorgen\n\nApr 1, 2024  9:59:00 PM\nAnna de Vries\nThis message was deleted from the conversation!\n\n";
        var (format, items) = ExportFiles.Read(ExportFiles.WriteText("Anna de Vries.txt", txt));
        Assert.Equal(ExportFormats.IMessageExporter, format);
        var m = items.Messages();
        Assert.Equal(2, m.Count);
        Assert.False(m[0].Deleted);
        Assert.Equal(new DateTimeOffset(2024, 4, 1, 10, 0, 0, TimeSpan.FromHours(2)), m[0].Sent); // unpadded day read
        Assert.True(m[1].Deleted);
        Assert.Equal("", m[1].Text);
        Assert.Empty(items.Events());
    }
}
