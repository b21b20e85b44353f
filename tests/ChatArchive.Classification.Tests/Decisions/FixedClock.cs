namespace ChatArchive.Classification.Tests.Decisions;

/// <summary>A clock the test moves by hand, so "when" in each decision is checkable.</summary>
public sealed class FixedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
