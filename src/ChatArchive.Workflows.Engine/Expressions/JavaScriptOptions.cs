namespace ChatArchive.Workflows.Engine.Expressions;

/// <summary>
/// Sandbox limits for JavaScript expressions (configuration section <c>ChatArchive:Workflows:JavaScript</c>). A script
/// gets no .NET access at all (no CLR interop); these limits stop a script that loops, recurses or allocates without end.
/// </summary>
public sealed class JavaScriptOptions
{
    /// <summary>Wall-clock limit per evaluation.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Maximum statements executed per evaluation.</summary>
    public int MaxStatements { get; set; } = 100_000;

    /// <summary>Maximum bytes a script may allocate.</summary>
    public long MemoryLimitBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Maximum call depth.</summary>
    public int MaxRecursionDepth { get; set; } = 64;
}
