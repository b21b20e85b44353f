namespace ChatArchive.Ingestion;
/// <summary>Marker for assembly scanning and the module's identity.</summary>
public static class IngestionModule { public const string Name = "Ingestion"; }
