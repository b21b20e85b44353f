using ChatArchive.Persistence;

namespace ChatArchive.Server.Demo;

/// <summary>
/// <c>ChatArchive:DemoData</c>: seed the demo registry on first start. Defaults to on in embedded
/// (SQLite) mode and is refused in PostgreSQL (production) mode, where real registries live (issue 2).
/// </summary>
public sealed record DemoDataSettings(bool Enabled)
{
    public const string Key = "ChatArchive:DemoData";

    public static DemoDataSettings FromConfiguration(IConfiguration configuration, DatabaseOptions database) =>
        new(database.Provider == DatabaseProvider.Sqlite && configuration.GetValue(Key, true));
}
