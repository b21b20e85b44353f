namespace ChatArchive.Classification.Learning;

/// <summary>
/// Whether and how earlier decisions of the reviewer inform new suggestions. A department switches it
/// off with <see cref="Enabled"/> = false (the department's setting is passed in by the caller).
/// A conversation or contact counts only with at least <see cref="MinimumDecisions"/> earlier decisions
/// of which at least <see cref="MinimumShare"/> carry the same label.
/// </summary>
public sealed record LearningOptions(bool Enabled = true, int MinimumDecisions = 3, double MinimumShare = 0.8)
{
    public static LearningOptions On { get; } = new();

    public static LearningOptions Off { get; } = new(Enabled: false);
}
