using System.Text.Json;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Tests.Support;
using ChatArchive.Ingestion.Tests.WhatsApp;

namespace ChatArchive.Ingestion.Tests.Pipeline;

public class InspectJsonWriterTests
{
    [Fact]
    public void Inspect_json_has_the_shape_of_the_issue_with_offsets_and_kebab_case_kinds()
    {
        var (format, items) = ExportFiles.Read(ExportFiles.WriteText(WhatsAppFixtures.AndroidNlFileName, WhatsAppFixtures.AndroidNl));
        var output = new MemoryStream();
        using (var w = new InspectJsonWriter(output, format))
        {
            items.ForEach(w.Write);
            w.Complete();
        }
        using var doc = JsonDocument.Parse(output.ToArray());
        var root = doc.RootElement;
        Assert.Equal("whatsapp-android", root.GetProperty("format").GetString());
        var conv = root.GetProperty("conversations").EnumerateArray().Single();
        Assert.Equal("Sanne de Vries", conv.GetProperty("title").GetString());
        Assert.False(conv.GetProperty("isGroup").GetBoolean());
        Assert.Equal(2, conv.GetProperty("participants").GetArrayLength());
        var messages = conv.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(13, messages.Count);
        Assert.Equal("2023-03-11T16:02:00+01:00", messages[0].GetProperty("sent").GetString());
        var ptt = messages[5].GetProperty("attachments").EnumerateArray().Single();
        Assert.Equal("PTT-20230311-WA0004.opus", ptt.GetProperty("fileName").GetString());
        Assert.False(ptt.GetProperty("present").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ptt.GetProperty("sha256").ValueKind);
        Assert.Equal(2, messages.Count(m => m.GetProperty("deleted").GetBoolean()));
        var kinds = conv.GetProperty("systemEvents").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["encryption-notice", "disappearing-on"], kinds);
        var findingKinds = root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ToList();
        Assert.Contains("deleted-for-everyone", findingKinds);
        Assert.Contains("disappearing-on", findingKinds);
        Assert.Contains("span-covered", findingKinds);
    }
}
