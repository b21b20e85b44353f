using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ChatArchive.Persistence.Workflows;

/// <summary>
/// Workflow tables store instants as UTC DateTime: timestamptz on PostgreSQL, sortable ISO text on SQLite
/// (EF cannot order or compare DateTimeOffset on SQLite). Reading marks the value as UTC again.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
{
    public static DateTime ToUtc(DateTimeOffset value) => value.UtcDateTime;

    public static DateTime? ToUtc(DateTimeOffset? value) => value?.UtcDateTime;

    public static DateTimeOffset FromUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? FromUtc(DateTime? value) => value is null ? null : FromUtc(value.Value);
}

public sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
    v => v == null ? null : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
    v => v == null ? null : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
