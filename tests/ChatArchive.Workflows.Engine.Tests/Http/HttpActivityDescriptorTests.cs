using ChatArchive.Workflows.Engine.Activities;
using ChatArchive.Workflows.Engine.Activities.Http;

namespace ChatArchive.Workflows.Engine.Tests.Http;

/// <summary>Studio's toolbox shows Elsa's HTTP activities under "HTTP" with Elsa's type, input, output and port names (sorted by Studio's order).</summary>
public sealed class HttpActivityDescriptorTests
{
    private const string RequestInputs = "Url,Method,Content,ContentType,Authorization,DisableAuthorizationHeaderValidation,RequestHeaders,ExpectedStatusCodes";

    [Theory]
    [InlineData(typeof(FlowSendHttpRequest), "Elsa.FlowSendHttpRequest", RequestInputs, "StatusCode,ParsedContent,ResponseHeaders",
        "200,Unmatched status code,Failed to connect,Timeout")]
    [InlineData(typeof(SendHttpRequest), "Elsa.SendHttpRequest", RequestInputs, "StatusCode,ParsedContent,ResponseHeaders",
        "Done,UnmatchedStatusCode,FailedToConnect,Timeout")]
    [InlineData(typeof(HttpEndpoint), "Elsa.HttpEndpoint",
        "Path,SupportedMethods,Authorize,Policy,RequestTimeout,RequestSizeLimit,FileSizeLimit,AllowedFileExtensions,BlockedFileExtensions,AllowedMimeTypes," +
        "ExposeRequestTooLargeOutcome,ExposeFileTooLargeOutcome,ExposeInvalidFileExtensionOutcome,ExposeInvalidFileMimeTypeOutcome",
        "ParsedContent,Files,RouteData,QueryStringData,Headers,Result", "Done", "Trigger")]
    [InlineData(typeof(WriteHttpResponse), "Elsa.WriteHttpResponse", "StatusCode,Content,ContentType,ResponseHeaders", "", "Done", "Action")]
    public void Descriptor_matches_Elsa(Type type, string typeName, string inputs, string outputs, string ports, string kind = "Task")
    {
        var d = ActivityDescriber.Describe(type);
        Assert.Equal(typeName, d.TypeName);
        Assert.Equal("HTTP", d.Category);
        Assert.Equal(kind, d.Kind);
        Assert.Equal(inputs.Split(','), d.Inputs.OrderBy(i => i.Order).Select(i => i.Name));
        Assert.Equal(outputs.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(), d.Outputs.Select(o => o.Name).Order());
        Assert.Equal(ports.Split(','), d.Ports.Select(p => p.Name));
    }

    [Fact]
    public void The_registry_lists_them_in_the_HTTP_category()
    {
        var registry = new ActivityRegistry(HttpActivities.Types.Select(t => new ActivityTypeRegistration(t)));
        Assert.Equal(HttpActivities.Types.Length, registry.Descriptors.Count(d => d.Category == "HTTP"));
        Assert.Equal(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"],
            registry.Find(FlowSendHttpRequest.TypeName)!.Inputs.Single(i => i.Name == "Method").UiSpecifications!.Dropdown!.SelectList.Items.Select(i => i.Value));
    }
}
