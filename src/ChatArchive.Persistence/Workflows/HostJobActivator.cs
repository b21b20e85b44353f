using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ChatArchive.Persistence.Workflows;

/// <summary>
/// Builds each background job from a scope of the host that runs it. Hangfire's default activator is process-wide
/// (<c>JobActivator.Current</c>, set by whichever host was configured last), so with two hosts in one process — tests run
/// servers side by side, a host restarted in place — a job could be built from another, already disposed host and fail with
/// ObjectDisposedException, leaving mail and timers undone until that host's jobs ran again.
/// </summary>
internal sealed class HostJobActivator(IServiceScopeFactory scopes) : JobActivator
{
    public override object ActivateJob(Type jobType)
    {
        // Only reached outside a scope (Hangfire itself always begins one); the job then lives as long as the host.
        throw new InvalidOperationException($"Background job {jobType.Name} must be activated within a scope.");
    }

    public override JobActivatorScope BeginScope(JobActivatorContext context) => new Scope(scopes.CreateScope());

    private sealed class Scope(IServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override void DisposeScope() => scope.Dispose();
    }
}
