using System.Text;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.Tests.Support;
using ChatArchive.Ingestion.WhatsApp;

namespace ChatArchive.Ingestion.Tests.WhatsApp;

/// <summary>
/// The reader keeps a record's header line where the reading thread decoded it and copies it only when the line reader
/// moves into another batch: records whose continuation lines run over one, two or many batches must come out whole.
/// </summary>
public class RecordAcrossBatchesTests
{
    [Fact]
    public void Records_running_over_batch_boundaries_keep_their_header_line_and_every_continuation_line()
    {
        // Small batches (64 lines, 1 K characters): messages of 0 to 149 continuation lines cross 0, 1 or several batches.
        var expected = new List<(string Sender, string Text)>();
        var file = new StringBuilder();
        var start = new DateTime(2023, 3, 11, 9, 0, 0);
        for (var i = 0; i < 400; i++)
        {
            var sender = i % 2 == 0 ? "Sanne de Vries" : "Minister Bakker";
            var lines = new List<string> { $"Bericht {i} met een kop die lang genoeg is om een batch te vullen {new string('x', i % 40)}" };
            for (var c = 0; c < i * 37 % 150; c++) lines.Add($"vervolgregel {c} van bericht {i}");
            var at = start.AddMinutes(i);
            file.Append($"{at:dd-MM-yyyy HH:mm} - {sender}: ").Append(string.Join('\n', lines)).Append('\n');
            expected.Add((sender, string.Join('\n', lines)));
        }
        var path = ExportFiles.WriteText("WhatsApp-chat met Sanne de Vries.txt", file.ToString());

        using var source = ExportSourceFactory.Open(path);
        var small = new AndroidTextReader { SmallBatches = true }.Read(source).OfType<MessageRead>().Select(m => (m.Message.Sender, m.Message.Text)).ToList();
        var large = new AndroidTextReader().Read(source).OfType<MessageRead>().Select(m => (m.Message.Sender, m.Message.Text)).ToList();

        Assert.Equal(expected, small);
        Assert.Equal(expected, large);
    }
}
