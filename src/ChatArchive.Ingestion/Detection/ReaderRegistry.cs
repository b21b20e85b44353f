using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Detection;

/// <summary>
/// Every <see cref="IExportReader"/> in this assembly with a public parameterless constructor,
/// found by reflection so that a reader added in its own folder (Signal, Sms, Telegram, …) is
/// detected without editing a shared list. A fresh instance per call: readers may carry options.
/// </summary>
public static class ReaderRegistry
{
    private static readonly Lazy<Type[]> ReaderTypes = new(() => typeof(ReaderRegistry).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IExportReader).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray());

    public static IReadOnlyList<IExportReader> CreateAll() =>
        ReaderTypes.Value.Select(t => (IExportReader)Activator.CreateInstance(t)!).OrderBy(r => r.Format, StringComparer.Ordinal).ToList();
}
