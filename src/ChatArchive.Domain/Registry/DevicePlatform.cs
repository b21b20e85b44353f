namespace ChatArchive.Domain.Registry;

/// <summary>Device platforms; the export formats differ per platform (FORMATS.md §1).</summary>
public enum DevicePlatform
{
    Ios = 0,
    Android = 1,
    Other = 2,
}
