using ChatArchive.Workflows.Engine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatArchive.Workflows.Engine.Activities.Http;

/// <summary>Registers Elsa's HTTP activities (category "HTTP") and what they need.</summary>
public static class HttpActivities
{
    public static readonly Type[] Types = [typeof(HttpEndpoint), typeof(WriteHttpResponse), typeof(FlowSendHttpRequest), typeof(SendHttpRequest)];

    public static IServiceCollection AddHttpActivities(this IServiceCollection services, HttpActivityOptions options)
    {
        foreach (var t in Types)
        {
            services.AddSingleton(new ActivityTypeRegistration(t));
        }
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => new OutboundHttpClient(sp.GetRequiredService<HttpActivityOptions>()));
        services.TryAddSingleton<HttpResponseSignal>();
        services.TryAddSingleton<HttpEndpointRouter>();
        return services;
    }
}
