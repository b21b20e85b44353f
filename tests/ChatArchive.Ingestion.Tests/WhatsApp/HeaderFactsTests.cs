using System.Text;
using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Sources;
using ChatArchive.Ingestion.Tests.Support;
using ChatArchive.Ingestion.WhatsApp;

namespace ChatArchive.Ingestion.Tests.WhatsApp;

/// <summary>
/// The reading thread hands each header line's facts to the emitting thread without references: the author as a number,
/// a date that does not exist as a flag with its error kept aside. What comes out must be what the line says.
/// </summary>
public class HeaderFactsTests
{
    [Fact]
    public void A_date_that_does_not_exist_is_refused_at_its_line_after_every_message_before_it()
    {
        // Read month-first, "25-03-2023" has month 25: the second message's date does not exist.
        var path = ExportFiles.WriteText("WhatsApp-chat met Anna Jansen.txt",
            "03-04-2023 10:00 - Anna Jansen: Kort overleg?\n" +
            "03-04-2023 10:05 - Minister Bakker: Akkoord, om 11 uur.\n" +
            "25-03-2023 10:07 - Anna Jansen: Deze datum bestaat niet in maand-dag-jaar.\n" +
            "03-04-2023 10:09 - Minister Bakker: Dit bericht wordt niet meer gelezen.\n");
        using var source = ExportSourceFactory.Open(path);
        var reader = new AndroidTextReader { DateOrderOverride = DateOrder.MonthDayYear };
        var read = new List<MessageRead>();

        var e = Assert.Throws<ExportFormatException>(() =>
        {
            foreach (var item in reader.Read(source)) if (item is MessageRead m) read.Add(m);
        });

        Assert.Equal(3, e.Line);
        Assert.Contains("datum die niet bestaat", e.Message);
        Assert.Equal(["Anna Jansen", "Minister Bakker"], read.Select(m => m.Message.Sender));
        Assert.Equal(new DateTimeOffset(2023, 3, 4, 10, 5, 0, TimeSpan.FromHours(1)), read[1].Message.Sent);
    }

    [Fact]
    public void Notices_with_more_distinct_author_slots_than_are_kept_stay_notices_and_messages_keep_their_senders()
    {
        // An Android notice with a quoted ": " looks like a header with an author slot; beyond 8,192 distinct slots the
        // reader keeps no more names and hands each over by its line. 9,000 renames, a message after every 100th.
        const int renames = 9000;
        var file = new StringBuilder();
        var start = new DateTime(2023, 3, 11, 9, 0, 0);
        var expectedMessages = new List<(string Sender, string Text)>();
        for (var i = 0; i < renames; i++)
        {
            var at = start.AddMinutes(i);
            file.Append($"{at:dd-MM-yyyy HH:mm} - Lid {i} heeft het onderwerp gewijzigd van \"Overleg: week {i}\" naar \"Overleg: week {i + 1}\"\n");
            if (i % 100 == 99)
            {
                var sender = i % 200 == 99 ? "Sanne de Vries" : "Minister Bakker";
                var text = $"Ronde {i / 100} is afgerond.";
                file.Append($"{at:dd-MM-yyyy HH:mm} - {sender}: {text}\n");
                expectedMessages.Add((sender, text));
            }
        }
        var path = ExportFiles.WriteText("WhatsApp-chat met Crisisoverleg.txt", file.ToString());

        var (_, items) = ExportFiles.Read(path);

        var events = items.OfType<SystemEventRead>().ToList();
        Assert.Equal(renames, events.Count);
        Assert.All(events, e => Assert.Equal(SystemEventKind.GroupRenamed, e.Event.Kind));
        Assert.Equal($"Lid {renames - 1} heeft het onderwerp gewijzigd van \"Overleg: week {renames - 1}\" naar \"Overleg: week {renames}\"", events[^1].Event.Text);
        Assert.Equal(expectedMessages, items.OfType<MessageRead>().Select(m => (m.Message.Sender, m.Message.Text)));
    }
}
