using System.Globalization;

namespace ChatArchive.Workflows.Engine.Model;

/// <summary>Which version(s) of a definition a query means; Studio sends these names in <c>versionOptions</c>.</summary>
public readonly record struct VersionOptions(VersionSelector Selector, int? Version = null)
{
    public static readonly VersionOptions Latest = new(VersionSelector.Latest);
    public static readonly VersionOptions Published = new(VersionSelector.Published);
    public static readonly VersionOptions LatestOrPublished = new(VersionSelector.LatestOrPublished);
    public static readonly VersionOptions LatestAndPublished = new(VersionSelector.LatestAndPublished);
    public static readonly VersionOptions Draft = new(VersionSelector.Draft);
    public static readonly VersionOptions AllVersions = new(VersionSelector.AllVersions);
    public static VersionOptions SpecificVersion(int version) => new(VersionSelector.SpecificVersion, version);

    /// <summary>Parses Studio's text ("Latest", "Published", "LatestOrPublished", "AllVersions", "Draft", or a number); empty means all versions.</summary>
    public static VersionOptions Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return AllVersions;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            return SpecificVersion(v);
        }
        if (Enum.TryParse<VersionSelector>(text, ignoreCase: true, out var s) && s != VersionSelector.SpecificVersion)
        {
            return new VersionOptions(s);
        }
        throw new WorkflowEngineException(WorkflowErrorKind.Validation,
            $"Onbekende versiekeuze '{text}'. Gebruik Latest, Published, LatestOrPublished, Draft, AllVersions of een versienummer.");
    }

    public bool Matches(bool isLatest, bool isPublished, int version) => Selector switch
    {
        VersionSelector.Latest => isLatest,
        VersionSelector.Published => isPublished,
        VersionSelector.LatestOrPublished => isLatest || isPublished,
        VersionSelector.LatestAndPublished => isLatest && isPublished,
        VersionSelector.Draft => !isPublished,
        VersionSelector.AllVersions => true,
        VersionSelector.SpecificVersion => version == Version,
        _ => false,
    };

    public override string ToString() => Selector == VersionSelector.SpecificVersion
        ? Version!.Value.ToString(CultureInfo.InvariantCulture)
        : Selector.ToString();
}

public enum VersionSelector
{
    Latest,
    Published,
    LatestOrPublished,
    LatestAndPublished,
    Draft,
    AllVersions,
    SpecificVersion,
}
