using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.Pipeline;
using ChatArchive.Ingestion.Tests.Support;
using ChatArchive.Ingestion.WhatsApp;

namespace ChatArchive.Ingestion.Tests.WhatsApp;

public class DateOrderTests
{
    private static DateOrderDecision Decide(params string[] headers)
    {
        var inference = new DateOrderInference();
        foreach (var h in headers)
        {
            Assert.True(WhatsAppHeaderParser.TryParse(h + " - Anna Jansen: tekst", out var parsed), h);
            inference.Add(parsed);
        }
        return inference.Decide("chat.txt");
    }

    [Fact]
    public void A_first_component_above_12_anywhere_in_the_file_means_day_first()
    {
        Assert.Equal(new DateOrderDecision(DateOrder.DayMonthYear, true), Decide("01-02-2023 10:00", "02-02-2023 10:00", "13-02-2023 10:00"));
    }

    [Fact]
    public void A_second_component_above_12_means_month_first()
    {
        Assert.Equal(new DateOrderDecision(DateOrder.MonthDayYear, true), Decide("2/1/23, 10:00", "2/13/23, 10:00"));
    }

    [Fact]
    public void Within_a_year_the_component_that_goes_down_is_the_day()
    {
        // 11 Jan → 3 Feb → 4 Feb → 2 Mar, all values ≤ 12: the first component decreases twice, the second never.
        Assert.Equal(new DateOrderDecision(DateOrder.DayMonthYear, true), Decide("11-01-2023 10:00", "03-02-2023 10:00", "04-02-2023 10:00", "02-03-2023 10:00"));
        Assert.Equal(new DateOrderDecision(DateOrder.MonthDayYear, true), Decide("1/11/23, 10:00", "2/3/23, 10:00", "2/4/23, 10:00", "3/2/23, 10:00"));
    }

    [Fact]
    public void Otherwise_the_component_that_changes_more_often_is_the_day()
    {
        Assert.Equal(new DateOrderDecision(DateOrder.DayMonthYear, true), Decide("01-02-2023 10:00", "02-02-2023 10:00", "03-02-2023 10:00"));
        Assert.Equal(new DateOrderDecision(DateOrder.MonthDayYear, true), Decide("2/1/23, 10:00", "2/2/23, 10:00", "2/3/23, 10:00"));
    }

    [Fact]
    public void Year_first_dates_are_year_month_day()
    {
        Assert.Equal(DateOrder.YearMonthDay, Decide("2023/06/13, 21:25").Order);
    }

    [Fact]
    public void A_file_that_proves_nothing_is_read_day_first_and_the_read_out_says_so()
    {
        Assert.Equal(new DateOrderDecision(DateOrder.DayMonthYear, false), Decide("03-04-2023 10:00", "03-04-2023 11:00"));
        var path = ExportFiles.WriteText("WhatsApp-chat met Anna Jansen.txt",
            "03-04-2023 10:00 - Anna Jansen: Kort overleg om 11 uur?\n03-04-2023 10:01 - Minister Bakker: Prima\n");
        var (_, items) = ExportFiles.Read(path);
        Assert.Equal(new DateTimeOffset(2023, 4, 3, 10, 0, 0, TimeSpan.FromHours(2)), items.Messages()[0].Sent);
        var findings = new ReadOutFindings();
        items.ForEach(findings.Observe);
        Assert.Contains(findings.Complete(), f => f.Kind == FindingKinds.DateOrderAssumed);
    }

    [Fact]
    public void The_override_reads_an_unprovable_file_month_first()
    {
        var path = ExportFiles.WriteText("WhatsApp-chat met Anna Jansen.txt", "03-04-2023 10:00 - Anna Jansen: Kort overleg?\n");
        using var source = Ingestion.Sources.ExportSourceFactory.Open(path);
        var reader = new AndroidTextReader { DateOrderOverride = DateOrder.MonthDayYear };
        var m = reader.Read(source).OfType<MessageRead>().Single().Message;
        Assert.Equal(new DateTimeOffset(2023, 3, 4, 10, 0, 0, TimeSpan.FromHours(1)), m.Sent);
    }

    [Fact]
    public void Dates_that_contradict_each_other_are_refused_in_dutch()
    {
        var e = Assert.Throws<ExportFormatException>(() => Decide("13-02-2023 10:00", "02-14-2023 10:00"));
        Assert.Contains("--date-order", e.Message);
    }
}
