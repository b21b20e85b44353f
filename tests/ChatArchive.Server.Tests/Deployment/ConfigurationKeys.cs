using System.Reflection;
using ChatArchive.Persistence;

namespace ChatArchive.Server.Tests.Deployment;

/// <summary>
/// The configuration keys the server really reads, collected from the code itself: every string
/// constant "ChatArchive:…" in the server and the ChatArchive.* assemblies it loads (keys such as
/// DatabaseOptions.ProviderKey; a constant named *Section* also admits the keys beneath it), plus
/// the connection string and the two host settings ASP.NET Core reads from ASPNETCORE_* variables.
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>Host settings read by ASP.NET Core itself (ASPNETCORE_ prefix stripped; keys are case-insensitive).</summary>
    private static readonly string[] HostSettings = ["urls", "environment"];

    public static (IReadOnlySet<string> Exact, IReadOnlyList<string> Sections) Collect()
    {
        var exact = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "ConnectionStrings:" + DatabaseOptions.ConnectionStringName };
        var sections = new List<string>();
        foreach (var assembly in ChatArchiveAssemblies())
        {
            foreach (var type in SafeTypes(assembly))
            {
                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
                {
                    if (!field.IsLiteral || field.FieldType != typeof(string)) continue;
                    if (field.GetRawConstantValue() is not string value || !value.StartsWith("ChatArchive:", StringComparison.Ordinal)) continue;
                    if (field.Name.Contains("Section", StringComparison.Ordinal)) sections.Add(value);
                    else exact.Add(value);
                }
            }
        }
        return (exact, sections);
    }

    /// <summary>Maps an environment variable name to the configuration key it sets (ASP.NET Core rules: "__" is ":").</summary>
    public static string FromEnvironmentName(string name) =>
        name.StartsWith("ASPNETCORE_", StringComparison.Ordinal) ? name["ASPNETCORE_".Length..].ToLowerInvariant() : name.Replace("__", ":", StringComparison.Ordinal);

    public static bool IsRead(string key)
    {
        if (HostSettings.Contains(key, StringComparer.OrdinalIgnoreCase)) return true;
        var (exact, sections) = Collect();
        return exact.Contains(key) || sections.Any(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<Assembly> ChatArchiveAssemblies()
    {
        var server = typeof(Program).Assembly;
        yield return server;
        foreach (var name in server.GetReferencedAssemblies().Where(a => a.Name?.StartsWith("ChatArchive.", StringComparison.Ordinal) == true))
        {
            yield return Assembly.Load(name);
        }
    }

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }
}
