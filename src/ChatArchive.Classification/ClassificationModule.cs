namespace ChatArchive.Classification;

/// <summary>Marker for assembly scanning and the module's identity.</summary>
public static class ClassificationModule
{
    public const string Name = "Classification";
}
