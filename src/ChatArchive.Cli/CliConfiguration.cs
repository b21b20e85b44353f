using ChatArchive.Persistence;
using Microsoft.Extensions.Configuration;

namespace ChatArchive.Cli;

/// <summary>
/// The CLI reads configuration exactly as the server does: appsettings.json and
/// appsettings.{Environment}.json from the working folder, then environment variables
/// (ChatArchive__Database__Provider, ConnectionStrings__ChatArchive, ChatArchive__DataFolder).
/// </summary>
public static class CliConfiguration
{
    private static readonly Lazy<IConfiguration> Config = new(Build);

    public static IConfiguration Current => Config.Value;

    public static DatabaseOptions Database() => DatabaseOptions.FromConfiguration(Current);

    private static IConfiguration Build()
    {
        var env = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                  ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                  ?? "Production";
        return new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{env}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }
}
