using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Detection;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.WhatsApp;

namespace ChatArchive.Ingestion.Tests.WhatsApp;

/// <summary>The warm-up's built-in export (issue 16, parse speed): it must read whole, or the head start is silently lost.</summary>
public class WarmUpTests
{
    [Fact]
    public void The_built_in_export_reads_whole_with_every_common_line_form()
    {
        var source = new SingleFileExportSource(WriteSample());
        var items = new AndroidTextReader().Read(source).ToList();

        Assert.IsType<ConversationStarted>(items[0]);
        Assert.IsType<ConversationCompleted>(items[^1]);
        Assert.DoesNotContain(items, i => i is ExportNoteRead); // order proven (13-02), no unknown notice
        var events = items.OfType<SystemEventRead>().Select(e => e.Event.Kind).ToList();
        Assert.Equal([SystemEventKind.EncryptionNotice, SystemEventKind.MemberAdded], events);
        var messages = items.OfType<MessageRead>().Select(m => m.Message).ToList();
        Assert.Equal(7, messages.Count);
        Assert.Equal("Agenda voor morgen:\n09:30 overleg", messages[1].Text);
        Assert.Equal("IMG-20240213-WA0001.jpg", Assert.Single(messages[2].Attachments).FileName);
        Assert.Equal("Foto van het overleg", messages[2].Text);
        Assert.False(Assert.Single(messages[3].Attachments).Present); // omitted media
        Assert.True(messages[4].Deleted);
        Assert.True(messages[5].Edited);
        Assert.Equal("Klein punt nog", messages[5].Text);

        // What the warm-up itself reads, in memory with small batches: the same number of items.
        Assert.Equal(items.Count, WhatsAppWarmUp.Run());
    }

    [Fact]
    public void Detection_with_the_warm_up_running_picks_the_same_reader_and_reads_the_same_items()
    {
        var path = WriteSample();
        using var source = ExportSourceFactory.Open(path);
        var reader = FormatDetector.Default().Detect(source); // starts the warm-up (once per process)
        Assert.Equal(ExportFormats.WhatsAppAndroid, reader.Format);
        var first = reader.Read(source).Select(Describe).ToList();
        var again = new AndroidTextReader().Read(source).Select(Describe).ToList();
        Assert.Equal(again, first);
        Assert.Equal(11, first.Count);
    }

    private static string Describe(ExportItem item) => item switch
    {
        MessageRead m => $"M|{m.Line}|{m.Message.Sender}|{m.Message.Sent:o}|{m.Message.Text}|{m.Message.Edited}|{m.Message.Deleted}|{m.Message.Attachments.Count}",
        SystemEventRead e => $"E|{e.Line}|{e.Event.Kind}|{e.Event.At:o}|{e.Event.Actor}|{e.Event.Text}",
        _ => item.ToString(),
    };

    private static string WriteSample()
    {
        var dir = Directory.CreateTempSubdirectory("warmup-");
        var path = Path.Combine(dir.FullName, WhatsAppWarmUp.SampleName);
        File.WriteAllText(path, WhatsAppWarmUp.Sample);
        return path;
    }
}
