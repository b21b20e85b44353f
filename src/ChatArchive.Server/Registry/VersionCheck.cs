using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ChatArchive.Server.Registry;

/// <summary>
/// Optimistic concurrency: an update names the version it read; EF Core compares it in the UPDATE's
/// WHERE clause, so of two simultaneous edits the second gets 409 instead of silently overwriting.
/// </summary>
public static class VersionCheck
{
    public static void Apply<T>(EntityEntry<T> entry, int readVersion) where T : class
    {
        entry.Property<int>("Version").OriginalValue = readVersion;
        entry.Property<int>("Version").CurrentValue = readVersion + 1;
    }

    public static int? Required(FieldErrors errors, int? version)
    {
        if (version is null or < 1) errors.Add("version", "Stuur het versienummer mee dat u bij het ophalen kreeg (veld version).");
        return version;
    }
}
