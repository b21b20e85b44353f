using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Tests.Support;

namespace ChatArchive.Ingestion.Tests.Pipeline;

public class ReadOutComparerTests
{
    private const string Name = "WhatsApp-chat met Sanne de Vries.txt";

    private static readonly string[] March =
    [
        "01-03-2023 09:00 - Sanne de Vries: Goedemorgen, de Kamerbrief is aangepast.",
        "01-03-2023 09:01 - Minister Bakker: Ok",
        "01-03-2023 09:01 - Minister Bakker: Ok",
        "01-03-2023 09:05 - Sanne de Vries: De persvoorlichter belt om tien uur.",
        "02-03-2023 14:00 - Minister Bakker: Wil je de reactie op de motie voorbereiden?",
        "02-03-2023 14:02 - Sanne de Vries: Komt eraan.",
        "03-03-2023 08:30 - Sanne de Vries: Concept staat in de map.",
    ];

    private static ComparisonResult Compare(IEnumerable<string> earlier, IEnumerable<string> later) =>
        ReadOutComparer.Compare(
            ExportFiles.Read(ExportFiles.WriteText(Name, string.Join("\n", earlier) + "\n")).Items,
            ExportFiles.Read(ExportFiles.WriteText(Name, string.Join("\n", later) + "\n")).Items);

    [Fact]
    public void The_same_export_twice_has_nothing_new_and_nothing_missing()
    {
        var r = Compare(March, March);
        Assert.Equal(0, r.New);
        Assert.Equal(7, r.Known);
        Assert.Empty(r.Missing);
    }

    [Fact]
    public void A_message_the_later_export_lacks_inside_its_span_is_missing()
    {
        var later = March.Where(l => !l.Contains("persvoorlichter", StringComparison.Ordinal)).Append("04-03-2023 10:00 - Minister Bakker: Dank!");
        var r = Compare(March, later);
        Assert.Equal(1, r.New);
        var m = Assert.Single(r.Missing);
        Assert.Equal("De persvoorlichter belt om tien uur.", m.Text);
        Assert.Equal("Sanne de Vries", m.Sender);
    }

    [Fact]
    public void One_of_two_identical_ok_messages_in_a_minute_gone_is_one_missing_message()
    {
        var later = March.Where((l, i) => i != 2);
        var r = Compare(March, later);
        var m = Assert.Single(r.Missing);
        Assert.Equal("Ok", m.Text);
        Assert.Equal(0, r.New);
    }

    [Fact]
    public void A_later_export_that_starts_later_because_of_the_cap_reports_no_deletions_before_its_start()
    {
        var later = March.Skip(4).Append("04-03-2023 10:00 - Minister Bakker: Dank!");
        var r = Compare(March, later);
        Assert.Empty(r.Missing);
        Assert.Equal(1, r.New);
        Assert.Equal(3, r.Known);
    }

    [Fact]
    public void Messages_after_the_later_export_ends_are_not_missing()
    {
        var r = Compare(March, March.Take(5));
        Assert.Empty(r.Missing);
    }

    [Fact]
    public void A_message_deleted_for_everyone_shows_as_missing_original_plus_a_new_tombstone()
    {
        var later = March.Select(l => l.Contains("Komt eraan", StringComparison.Ordinal) ? "02-03-2023 14:02 - Sanne de Vries: Dit bericht is verwijderd" : l);
        var r = Compare(March, later);
        Assert.Equal("Komt eraan.", Assert.Single(r.Missing).Text);
        Assert.Equal(1, r.New);
    }

    [Fact]
    public void Crlf_and_invisible_marks_do_not_make_a_known_message_new()
    {
        var later = March.Select(l => l.Replace("Komt eraan.", "Komt\u200E eraan.", StringComparison.Ordinal));
        var r = Compare(March, later);
        Assert.Equal(0, r.New);
        Assert.Empty(r.Missing);
    }
}
