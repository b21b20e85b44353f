namespace ChatArchive.Workflows.Engine.Tests.Support;

/// <summary>The engine's clock in timer tests: time moves only when the test moves it.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private long ticks = now.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
