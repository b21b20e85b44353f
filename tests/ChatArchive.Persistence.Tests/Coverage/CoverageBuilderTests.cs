using ChatArchive.Persistence.Coverage;
using ChatArchive.Tests.Coverage;
using ChatArchive.Workflows.Engine.Activities;

namespace ChatArchive.Persistence.Tests.Coverage;

/// <summary>The rules of the read-out gaps and the channel list, on facts made for the test (no database).</summary>
public sealed class CoverageBuilderTests
{
    private static readonly AppointmentFact Open = new(1, 1, "BZK", "Minister voor Volkshuisvesting en Ruimtelijke Ordening", new DateOnly(2024, 1, 2), null);

    private static OfficeholderFacts ReadOutsOn(params DateOnly[] days)
    {
        var facts = new OfficeholderFacts();
        foreach (var d in days) facts.ReadOuts.Add(new ReadOutFact("whatsapp", d));
        return facts;
    }

    [Fact]
    public void A_read_out_a_few_days_late_is_late_but_not_a_missed_read_out()
    {
        // Due 2 Feb (one month after 2 Jan); done 9 Feb: one due date passed, the read-out met it late.
        var row = CoverageBuilder.Build(Open, ReadOutsOn(new DateOnly(2024, 2, 9)), CoverageHistory.Monthly, new DateOnly(2024, 3, 1))!;

        Assert.Equal(0, row.ReadOuts.MissedReadOuts);
        Assert.DoesNotContain(row.Gaps, g => g.Kind == GapKinds.MissedReadOut);
        Assert.False(row.ReadOuts.Overdue);
        Assert.Equal(new DateOnly(2024, 3, 9), row.ReadOuts.NextDue);
        Assert.Equal(21, row.ReadOuts.DaysSinceLastReadOut);
    }

    [Fact]
    public void Two_months_without_a_read_out_on_a_monthly_frequency_is_one_missed_and_the_open_tail_is_overdue()
    {
        var row = CoverageBuilder.Build(Open, ReadOutsOn(new DateOnly(2024, 2, 1), new DateOnly(2024, 4, 1)), CoverageHistory.Monthly, new DateOnly(2024, 6, 15))!;

        var missed = Assert.Single(row.Gaps, g => g.Kind == GapKinds.MissedReadOut);
        Assert.Equal((new DateOnly(2024, 2, 1), new DateOnly(2024, 4, 1)), (missed.From, missed.To));
        var overdue = Assert.Single(row.Gaps, g => g.Kind == GapKinds.ReadOutOverdue);
        // Due 1 May and 1 June, both before 15 June: two more missed.
        Assert.Equal((new DateOnly(2024, 4, 2), new DateOnly(2024, 6, 15)), (overdue.From, overdue.To));
        Assert.Equal(3, row.ReadOuts.MissedReadOuts);
        Assert.True(row.ReadOuts.Overdue);
    }

    [Fact]
    public void At_departure_only_asks_for_one_read_out_at_the_end_of_the_appointment()
    {
        var ended = Open with { To = new DateOnly(2024, 7, 2) };

        var without = CoverageBuilder.Build(ended, ReadOutsOn(), ReadOutSchedule.AtDepartureOnly, new DateOnly(2024, 9, 16))!;
        var with = CoverageBuilder.Build(ended, ReadOutsOn(new DateOnly(2024, 7, 5)), ReadOutSchedule.AtDepartureOnly, new DateOnly(2024, 9, 16))!;

        Assert.Equal(GapKinds.ReadOutOverdue, Assert.Single(without.Gaps, g => g.Channel is null).Kind);
        Assert.DoesNotContain(with.Gaps, g => g.Channel is null);
        Assert.Equal(0, with.ReadOuts.MissedReadOuts);
    }

    [Fact]
    public void A_private_account_adds_no_channel_and_social_media_appears_only_when_registered()
    {
        var facts = new OfficeholderFacts();
        facts.Devices.Add(new DeviceFact(["WhatsApp", "signal"], new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31)));
        // The device was returned before this appointment began: its apps are not this appointment's channels.
        var row = CoverageBuilder.Build(Open, facts, CoverageHistory.Monthly, new DateOnly(2024, 2, 1))!;
        Assert.Equal(["chat", "email"], row.Channels.Select(c => c.Channel));

        facts.AccountChannels.Add(CoverageChannels.SocialMedia);
        facts.Devices.Add(new DeviceFact(["WhatsApp"], new DateOnly(2024, 1, 2), null));
        row = CoverageBuilder.Build(Open, facts, CoverageHistory.Monthly, new DateOnly(2024, 2, 1))!;
        Assert.Equal(["whatsapp", "email", "social-media"], row.Channels.Select(c => c.Channel));
    }

    [Fact]
    public void Touching_seals_and_a_registration_elsewhere_join_and_a_six_weekly_frequency_counts_in_weeks()
    {
        var facts = new OfficeholderFacts();
        facts.Seals.Add(new SealFact("whatsapp", new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 31)));
        facts.Elsewhere.Add(new ElsewhereFact("whatsapp", new DateOnly(2024, 2, 1), null, "back-up"));
        var sixWeekly = new ReadOutSchedule(new IsoDuration(0, 0, 42, TimeSpan.Zero), "P6W");

        var row = CoverageBuilder.Build(Open, facts, sixWeekly, new DateOnly(2024, 2, 10))!;

        var whatsapp = row.Channels.Single(c => c.Channel == "whatsapp");
        Assert.Empty(whatsapp.Gaps);
        Assert.Equal(40, whatsapp.SecuredDays);
        Assert.Equal(42, row.ReadOuts.FrequencyDays);
        Assert.False(row.ReadOuts.Overdue);
    }
}
