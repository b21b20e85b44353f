using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatArchive.Server.Tests.Support;

/// <summary>The server's JSON conventions (web defaults, enums as strings) for reading responses in tests.</summary>
public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
