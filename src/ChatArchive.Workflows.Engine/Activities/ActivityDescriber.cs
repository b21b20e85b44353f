using System.Reflection;
using ChatArchive.Workflows.Engine.Activities.Attributes;
using ChatArchive.Workflows.Engine.Activities.Descriptors;

namespace ChatArchive.Workflows.Engine.Activities;

/// <summary>
/// Generates the Studio descriptor from an activity class: the class is the single source of truth
/// (STYLE.md, Elsa: "descriptors generated from attributes"). Ports follow the contract: the outcomes,
/// or "Done" when there are none and the activity is neither terminal nor a container.
/// </summary>
public static class ActivityDescriber
{
    public static ActivityDescriptor Describe(Type type)
    {
        var a = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new InvalidOperationException($"{type.FullName} has no [Activity] attribute.");
        if (!typeof(Activity).IsAssignableFrom(type))
        {
            throw new InvalidOperationException($"{type.FullName} does not derive from Activity.");
        }

        var inputs = new List<InputDescriptor>();
        var order = 0;
        foreach (var (p, attr) in InputProperties(type))
        {
            var typeName = attr.TypeName ?? ActivityTypeNames.For(p.PropertyType);
            var hint = attr.UIHint ?? DefaultHint(p.PropertyType, attr);
            UiSpecifications? spec = null;
            if (attr.Options is { Length: > 0 } options)
            {
                hint = attr.UIHint ?? UiHints.Dropdown;
                spec = new UiSpecifications(new DropdownSpecification(new SelectList(options.Select(ParseOption).ToList())));
            }
            else if ((Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) is { IsEnum: true } enumType)
            {
                hint = UiHints.Dropdown;
                spec = new UiSpecifications(new DropdownSpecification(new SelectList(
                    Enum.GetNames(enumType).Select(n => new SelectListItem(n, n)).ToList())));
            }
            inputs.Add(new InputDescriptor
            {
                Name = p.Name,
                TypeName = typeName,
                DisplayName = attr.DisplayName ?? p.Name,
                Description = attr.Description,
                Order = attr.Order >= 0 ? attr.Order : order,
                IsBrowsable = attr.IsBrowsable,
                IsWrapped = attr.IsWrapped,
                UiHint = hint,
                Category = attr.Category,
                DefaultValue = attr.DefaultValue,
                UiSpecifications = spec,
            });
            order++;
        }

        var outputs = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, attr: p.GetCustomAttribute<OutputAttribute>()))
            .Where(x => x.attr is not null)
            .Select((x, i) => new OutputDescriptor
            {
                Name = x.p.Name,
                TypeName = ActivityTypeNames.For(x.p.PropertyType),
                DisplayName = x.attr!.DisplayName ?? x.p.Name,
                Description = x.attr.Description,
                Order = i,
            })
            .ToList();

        var outcomes = type.GetCustomAttribute<OutcomesAttribute>()?.Outcomes;
        IReadOnlyList<string> ports = outcomes is { Count: > 0 }
            ? outcomes
            : a.IsTerminal || a.IsContainer || outcomes is not null ? [] : [Activity.DoneOutcome];

        return new ActivityDescriptor
        {
            TypeName = $"{a.Namespace}.{a.Name}",
            Namespace = a.Namespace,
            Name = a.Name,
            Version = a.Version,
            Category = a.Category,
            DisplayName = a.DisplayName ?? a.Name,
            Description = a.Description,
            Inputs = inputs,
            Outputs = outputs,
            Kind = a.Kind.ToString(),
            Ports = ports.Select(o => new PortDescriptor(o, o))
                .Concat((type.GetCustomAttribute<EmbeddedPortsAttribute>()?.Ports ?? []).Select(p => new PortDescriptor(p, p, PortDescriptor.Embedded)))
                .ToList(),
            IsContainer = a.IsContainer,
            IsBrowsable = a.IsBrowsable,
            IsStart = a.IsStart,
            IsTerminal = a.IsTerminal,
        };
    }

    public static IEnumerable<(PropertyInfo Property, InputAttribute Attribute)> InputProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, attr: p.GetCustomAttribute<InputAttribute>()))
            .Where(x => x.attr is not null && x.p.CanWrite)
            .Select(x => (x.p, x.attr!));

    private static string DefaultHint(Type t, InputAttribute attr)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t == typeof(bool)) return UiHints.Checkbox;
        if (t == typeof(DateTimeOffset) || t == typeof(DateTime)) return UiHints.DateTimePicker;
        if (t == typeof(string[])) return UiHints.MultiText;
        return UiHints.SingleLine;
    }

    private static SelectListItem ParseOption(string option)
    {
        var bar = option.IndexOf('|');
        return bar < 0 ? new SelectListItem(option, option) : new SelectListItem(option[(bar + 1)..], option[..bar]);
    }
}
