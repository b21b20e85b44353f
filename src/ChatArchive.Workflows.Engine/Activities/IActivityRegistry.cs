using ChatArchive.Workflows.Engine.Activities.Descriptors;

namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>The activity types this server knows, with their descriptors (GET /descriptors/activities).</summary>
public interface IActivityRegistry
{
    IReadOnlyList<ActivityDescriptor> Descriptors { get; }

    ActivityDescriptor? Find(string typeName);

    Type? FindType(string typeName);
}

/// <summary>One registered activity class; add with <c>services.AddWorkflowActivity&lt;T&gt;()</c>.</summary>
public sealed record ActivityTypeRegistration(Type Type);
