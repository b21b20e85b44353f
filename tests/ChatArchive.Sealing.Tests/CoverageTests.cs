using ChatArchive.Sealing.Coverage;
using ChatArchive.Sealing.Tests.Support;

namespace ChatArchive.Sealing.Tests;

public class CoverageTests
{
    private static DateOnly D(int m, int d) => new(2026, m, d);

    [Fact]
    public async Task Coverage_is_derived_from_seals_and_shows_the_gap_between_read_outs()
    {
        using var world = new SealingWorld();
        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-01", D(1, 1), D(2, 11)));
        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-02", D(2, 12), D(3, 25)));
        await world.AddAsync(DutchReadOuts.ReadOut("ro-2026-04", D(5, 7), D(6, 17)));
        await world.Service().SealAsync("bh-0042", "whatsapp", "ip-jansen");

        var report = Assert.Single(CoverageCalculator.ForStore(world.Store));

        Assert.Equal([new DatePeriod(D(1, 1), D(3, 25)), new DatePeriod(D(5, 7), D(6, 17))], report.Secured);
        Assert.Equal([new DatePeriod(D(3, 26), D(5, 6))], report.Gaps);
        Assert.Equal(D(1, 1), report.SecuredFrom);
        Assert.Equal(D(6, 17), report.SecuredTo);
        Assert.Equal(3, report.Packages);
    }

    [Fact]
    public void Gaps_before_and_after_the_seals_count_within_the_appointment()
    {
        var report = CoverageCalculator.Compute("bh-0042", "signal",
            [new DatePeriod(D(3, 1), D(4, 11)), new DatePeriod(D(4, 1), D(5, 20))],
            appointment: new DatePeriod(D(1, 10), D(7, 1)));
        Assert.Equal([new DatePeriod(D(3, 1), D(5, 20))], report.Secured);
        Assert.Equal([new DatePeriod(D(1, 10), D(2, 28)), new DatePeriod(D(5, 21), D(7, 1))], report.Gaps);
    }

    [Fact]
    public void Nothing_sealed_means_the_whole_appointment_is_a_gap()
    {
        var report = CoverageCalculator.Compute("bh-0042", "sms", [], new DatePeriod(D(1, 10), D(7, 1)));
        Assert.Empty(report.Secured);
        Assert.Equal([new DatePeriod(D(1, 10), D(7, 1))], report.Gaps);
        Assert.Null(report.SecuredFrom);
    }
}
