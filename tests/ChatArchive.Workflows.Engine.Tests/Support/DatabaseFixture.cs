using ChatArchive.Persistence;
using ChatArchive.TestSupport;

namespace ChatArchive.Workflows.Engine.Tests.Support;

/// <summary>A fresh, migrated database per test on the given provider.</summary>
public static class Db
{
    public static Task<DatabaseOptions> CreateAsync(DatabaseProvider provider, string purpose) => TestDatabases.CreateAsync(provider, purpose);
}
