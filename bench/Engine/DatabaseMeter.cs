using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace ChatArchive.Bench.Engine;

/// <summary>
/// Listens to Npgsql's own metrics while a benchmark runs: how many database commands the engine sent (one per round trip;
/// EF Core sends a SaveChanges as one batched command) and how long it waited for them in all.
/// </summary>
public sealed class DatabaseMeter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, (long Count, double Sum)> totals = new(StringComparer.Ordinal);

    public DatabaseMeter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name.StartsWith("Npgsql", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => Add(i.Name, v));
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => Add(i.Name, v));
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => Add(i.Name, v));
        listener.Start();
    }

    private void Add(string name, double value) => totals.AddOrUpdate(name, (1, value), (_, t) => (t.Count + 1, t.Sum + value));

    /// <summary>Measurements of one instrument so far (count, sum).</summary>
    public (long Count, double Sum) Of(string name) => totals.GetValueOrDefault(name);

    public void Reset() => totals.Clear();

    public string Describe() => string.Join("; ", totals.OrderBy(t => t.Key, StringComparer.Ordinal)
        .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key}: n={t.Value.Count} sum={t.Value.Sum:0.###}")));

    public void Dispose() => listener.Dispose();
}
