using ChatArchive.Workflows.Engine.Activities.Descriptors;

namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>Describes every registered activity class once, at start-up.</summary>
public sealed class ActivityRegistry : IActivityRegistry
{
    private readonly Dictionary<string, (Type Type, ActivityDescriptor Descriptor)> byName = new(StringComparer.Ordinal);

    public ActivityRegistry(IEnumerable<ActivityTypeRegistration> registrations)
    {
        foreach (var r in registrations)
        {
            var d = ActivityDescriber.Describe(r.Type);
            byName[d.TypeName] = (r.Type, d);
        }
        Descriptors = byName.Values.Select(v => v.Descriptor).OrderBy(d => d.Category, StringComparer.Ordinal).ThenBy(d => d.TypeName, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<ActivityDescriptor> Descriptors { get; }

    public ActivityDescriptor? Find(string typeName) => byName.TryGetValue(typeName, out var v) ? v.Descriptor : null;

    public Type? FindType(string typeName) => byName.TryGetValue(typeName, out var v) ? v.Type : null;
}
