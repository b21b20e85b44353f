using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ChatArchive.Persistence.Audit;

/// <summary>
/// A row of <c>audit_staged</c> as Entity Framework writes it: the armed event of a write added to the write's own
/// SaveChanges (<see cref="AuditInTransaction"/>), so it goes to the database in the same batch as the write's commands.
/// Only ever inserted through the context; the chainer reads and deletes the table with plain SQL.
/// </summary>
public sealed class AuditStagedRow
{
    public long Id { get; set; }

    /// <summary>UTC, truncated as the chain stores it (PostgreSQL timestamptz; SQLite milliseconds since 1970).</summary>
    public DateTime At { get; set; }

    public string Actor { get; set; } = "";
    public string Role { get; set; } = "";
    public string? Department { get; set; }
    public string Action { get; set; } = "";
    public string ObjectType { get; set; } = "";
    public string ObjectId { get; set; } = "";
    public string Outcome { get; set; } = "";

    internal static AuditStagedRow From(AuditEventInput input, DateTimeOffset at) => new()
    {
        At = AuditChain.Truncate(at).UtcDateTime, Actor = input.Actor, Role = input.Role, Department = input.Department, Action = input.Action,
        ObjectType = input.ObjectType, ObjectId = input.ObjectId, Outcome = input.Outcome,
    };

    /// <summary>SQLite keeps <c>at</c> as milliseconds since 1970 UTC (INTEGER), as the chainer reads it.</summary>
    internal static readonly ValueConverter<DateTime, long> SqliteMilliseconds = new(
        v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)).ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v).UtcDateTime);
}

public sealed class AuditStagedRowConfiguration : IEntityTypeConfiguration<AuditStagedRow>
{
    public void Configure(EntityTypeBuilder<AuditStagedRow> b)
    {
        b.ToTable("audit_staged");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(x => x.At).HasColumnName("at"); // SQLite: milliseconds, set in ChatArchiveDbContext
        b.Property(x => x.Actor).HasColumnName("actor");
        b.Property(x => x.Role).HasColumnName("role");
        b.Property(x => x.Department).HasColumnName("department");
        b.Property(x => x.Action).HasColumnName("action");
        b.Property(x => x.ObjectType).HasColumnName("object_type");
        b.Property(x => x.ObjectId).HasColumnName("object_id");
        b.Property(x => x.Outcome).HasColumnName("outcome");
    }
}
