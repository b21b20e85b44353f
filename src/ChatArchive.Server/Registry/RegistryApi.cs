namespace ChatArchive.Server.Registry;

/// <summary>The registry's HTTP surface under /api (issue 2).</summary>
public static class RegistryApi
{
    public static void MapRegistryApi(this WebApplication app)
    {
    }
}
