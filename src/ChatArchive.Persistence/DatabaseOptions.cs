using Microsoft.Extensions.Configuration;

namespace ChatArchive.Persistence;

public enum DatabaseProvider
{
    Sqlite = 0,
    PostgreSql = 1,
}

/// <summary>
/// Database settings, read the same way by the server and the CLI.
/// Keys: <c>ChatArchive:Database:Provider</c> (Sqlite | PostgreSql), <c>ConnectionStrings:ChatArchive</c>,
/// <c>ChatArchive:DataFolder</c> (default ./data; the SQLite file lives there when no connection string is given).
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, string DataFolder)
{
    public const string ProviderKey = "ChatArchive:Database:Provider";
    public const string ConnectionStringName = "ChatArchive";
    public const string DataFolderKey = "ChatArchive:DataFolder";

    // Names only: Enum.TryParse would also take "1" or "7" and let a typo fall through to a provider.
    private static readonly Dictionary<string, DatabaseProvider> ProviderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Sqlite"] = DatabaseProvider.Sqlite,
        ["PostgreSql"] = DatabaseProvider.PostgreSql,
        ["Postgres"] = DatabaseProvider.PostgreSql,
    };

    public static DatabaseOptions FromConfiguration(IConfiguration configuration)
    {
        var dataFolder = Path.GetFullPath(configuration[DataFolderKey] is { Length: > 0 } f ? f : "data");
        var providerText = configuration[ProviderKey];
        var provider = string.IsNullOrWhiteSpace(providerText)
            ? DatabaseProvider.Sqlite
            : ProviderNames.TryGetValue(providerText.Trim(), out var named)
                ? named
                : throw new InvalidOperationException(
                    $"Onbekende databaseprovider '{providerText}' in {ProviderKey}. Kies 'Sqlite' of 'PostgreSql'.");

        var cs = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(cs))
        {
            if (provider == DatabaseProvider.PostgreSql)
            {
                throw new InvalidOperationException(
                    $"Provider PostgreSql vraagt een verbindingsreeks in ConnectionStrings:{ConnectionStringName} " +
                    "(bijv. Host=127.0.0.1;Port=5432;Username=chatarchive;Password=…;Database=chatarchive).");
            }
            cs = $"Data Source={Path.Combine(dataFolder, "chatarchive.db")}";
        }
        return new DatabaseOptions(provider, cs, dataFolder);
    }
}
