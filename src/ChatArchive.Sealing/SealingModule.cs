namespace ChatArchive.Sealing;
/// <summary>Marker for assembly scanning and the module's identity.</summary>
public static class SealingModule { public const string Name = "Sealing"; }
