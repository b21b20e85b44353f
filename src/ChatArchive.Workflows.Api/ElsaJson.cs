using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;

namespace ChatArchive.Workflows.Api;

/// <summary>
/// JSON as Elsa Studio reads it (ELSA-STUDIO-CONTRACT.md "JSON rules"): camelCase names exactly (Studio's
/// System.Text.Json is case-sensitive), enums as strings, nulls written (lists are never null: the models
/// initialise them). Kept local to /elsa/api so other APIs keep their own settings.
/// </summary>
public static class ElsaJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>200 with the Elsa serialisation, typed so the OpenAPI document shows the body.</summary>
    public static ElsaOk<T> Ok<T>(T value) => new(value);
}

/// <summary>
/// A 200 answer serialised with <see cref="ElsaJson.Options"/>. Like <c>Ok&lt;T&gt;</c> it declares its body type to the
/// endpoint metadata (so <c>Results&lt;ElsaOk&lt;T&gt;, ProblemHttpResult&gt;</c> documents itself), but it does not use the
/// server-wide JSON settings, which differ from what Studio reads.
/// </summary>
public sealed class ElsaOk<T>(T value) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IContentTypeHttpResult
{
    public T Value { get; } = value;
    object? IValueHttpResult.Value => Value;
    public int StatusCode => StatusCodes.Status200OK;
    int? IStatusCodeHttpResult.StatusCode => StatusCode;
    public string ContentType => "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode;
        return httpContext.Response.WriteAsJsonAsync(Value, ElsaJson.Options, ContentType, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
