using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Tests.Support;
using ChatArchive.Ingestion.Tests.WhatsApp;

namespace ChatArchive.Ingestion.Tests.Pipeline;

public class ReadOutFindingsTests
{
    private static IReadOnlyList<Finding> FindingsOf(string fileName, string content)
    {
        var findings = new ReadOutFindings();
        ExportFiles.Read(ExportFiles.WriteText(fileName, content)).Items.ForEach(findings.Observe);
        return findings.Complete();
    }

    [Fact]
    public void Each_tombstone_is_a_deleted_for_everyone_finding_with_sender_and_time()
    {
        var f = FindingsOf(WhatsAppFixtures.AndroidNlFileName, WhatsAppFixtures.AndroidNl).Where(x => x.Kind == FindingKinds.DeletedForEveryone).ToList();
        Assert.Equal(2, f.Count);
        Assert.Equal("Sanne de Vries", f[0].Actor);
        Assert.Equal(new DateTimeOffset(2023, 3, 13, 8, 31, 0, TimeSpan.FromHours(1)), f[0].At);
    }

    [Fact]
    public void Disappearing_messages_switched_on_and_never_off_is_reported_as_still_on()
    {
        var f = Assert.Single(FindingsOf(WhatsAppFixtures.AndroidNlFileName, WhatsAppFixtures.AndroidNl), x => x.Kind == FindingKinds.DisappearingOn);
        Assert.Equal("Sanne de Vries", f.Actor);
        Assert.Equal(new DateTimeOffset(2023, 3, 13, 8, 35, 0, TimeSpan.FromHours(1)), f.At);
        Assert.Contains("nog aan", f.Detail);
    }

    [Fact]
    public void Disappearing_messages_switched_off_later_is_reported_with_the_moment_it_went_off()
    {
        var text =
            "01-06-2023 10:00 - Anna Jansen: Zullen we dit kort houden?\n" +
            "01-06-2023 10:01 - Anna Jansen heeft tijdelijke berichten ingeschakeld. Nieuwe berichten verdwijnen 24 uur nadat ze zijn verzonden.\n" +
            "05-06-2023 16:30 - Minister Bakker heeft tijdelijke berichten uitgeschakeld.\n" +
            "05-06-2023 16:31 - Minister Bakker: Graag alles bewaren, dit is zakelijk.\n";
        var f = Assert.Single(FindingsOf("WhatsApp-chat met Anna Jansen.txt", text), x => x.Kind == FindingKinds.DisappearingOn);
        Assert.Equal("Anna Jansen", f.Actor);
        Assert.Contains("uitgezet op 2023-06-05T16:30:00+02:00", f.Detail);
    }

    [Fact]
    public void The_span_covered_runs_from_the_earliest_to_the_latest_message_whatever_the_file_order()
    {
        var f = Assert.Single(FindingsOf(WhatsAppFixtures.AndroidNlFileName, WhatsAppFixtures.AndroidNl), x => x.Kind == FindingKinds.SpanCovered);
        Assert.StartsWith("2023-03-11T16:02:00+01:00/2023-03-13T08:37:00+01:00", f.Detail);
    }
}
