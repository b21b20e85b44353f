using ChatArchive.Persistence;
using Microsoft.Extensions.Configuration;

namespace ChatArchive.Server.Tests.Deployment;

public class DatabaseOptionsTests
{
    private static DatabaseOptions Read(string? provider, string? connectionString = "Host=db;Database=chatarchive") =>
        DatabaseOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseOptions.ProviderKey] = provider,
            ["ConnectionStrings:" + DatabaseOptions.ConnectionStringName] = connectionString,
        }).Build());

    [Theory]
    [InlineData(null, DatabaseProvider.Sqlite)]
    [InlineData("sqlite", DatabaseProvider.Sqlite)]
    [InlineData("PostgreSql", DatabaseProvider.PostgreSql)]
    [InlineData("postgresql", DatabaseProvider.PostgreSql)]
    [InlineData(" Postgres ", DatabaseProvider.PostgreSql)]
    public void Provider_is_read_by_name_in_any_case(string? text, DatabaseProvider expected) =>
        Assert.Equal(expected, Read(text).Provider);

    [Theory]
    [InlineData("1")]
    [InlineData("7")]
    [InlineData("mysql")]
    [InlineData("PostgreSqlql")]
    public void Unknown_or_numeric_provider_is_refused_with_a_dutch_message(string text)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Read(text));
        Assert.Contains("Onbekende databaseprovider", e.Message);
    }

    [Fact]
    public void PostgreSql_without_a_connection_string_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Read("PostgreSql", connectionString: null));
        Assert.Contains("ConnectionStrings:ChatArchive", e.Message);
    }
}
