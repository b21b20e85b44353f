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

    public static DatabaseOptions FromConfiguration(IConfiguration configuration)
    {
        var dataFolder = Path.GetFullPath(configuration[DataFolderKey] is { Length: > 0 } f ? f : "data");
        var providerText = configuration[ProviderKey];
        DatabaseProvider provider;
        if (string.IsNullOrWhiteSpace(providerText))
        {
            provider = DatabaseProvider.Sqlite;
        }
        else if (!Enum.TryParse(providerText.Replace("postgres", "PostgreSql", StringComparison.OrdinalIgnoreCase).Replace("PostgreSqlql", "PostgreSql", StringComparison.OrdinalIgnoreCase), ignoreCase: true, out provider))
        {
            throw new InvalidOperationException(
                $"Onbekende databaseprovider '{providerText}' in {ProviderKey}. Kies 'Sqlite' of 'PostgreSql'.");
        }

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
