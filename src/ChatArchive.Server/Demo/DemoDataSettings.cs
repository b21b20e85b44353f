using ChatArchive.Persistence;

namespace ChatArchive.Server.Demo;

/// <summary>
/// <c>ChatArchive:DemoData</c>: seed the demo registry on first start. Defaults to on in embedded
/// (SQLite) mode and is refused in PostgreSQL (production) mode, where real registries live.
/// <c>ChatArchive:DemoReadOuts</c>: with the demo registry, also make the demo read-outs at start-up (default on).
/// </summary>
public sealed record DemoDataSettings(bool Enabled, bool ReadOuts = true)
{
    public const string Key = "ChatArchive:DemoData";
    public const string ReadOutsKey = "ChatArchive:DemoReadOuts";

    public static DemoDataSettings FromConfiguration(IConfiguration configuration, DatabaseOptions database)
    {
        var enabled = database.Provider == DatabaseProvider.Sqlite && configuration.GetValue(Key, true);
        return new(enabled, enabled && configuration.GetValue(ReadOutsKey, true));
    }
}
