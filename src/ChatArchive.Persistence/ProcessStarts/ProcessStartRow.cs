using ChatArchive.Persistence.Workflows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.ProcessStarts;

/// <summary>
/// One event that starts a department workflow for one officeholder (table <c>wf_process_starts</c>, migration 0550).
/// <see cref="InstanceId"/> stays null until the workflow is started; <see cref="CancelledAt"/> set = never to start.
/// </summary>
public sealed class ProcessStartRow
{
    public string EventKey { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Department { get; set; } = "";
    public long OfficeholderId { get; set; }
    public long? AppointmentId { get; set; }

    /// <summary>Not started before this moment (an appointment's first day; now for an event that is due at once).</summary>
    public DateTime NotBefore { get; set; }

    /// <summary>For a read-out cycle after an earlier one: when that cycle ended; the due moment is this plus the frequency then published.</summary>
    public DateTime? AfterCycleAt { get; set; }

    public string? PreviousInstanceId { get; set; }

    /// <summary>The final read-out at departure (Handreiking hoofdstuk 3): plans no next cycle; devices are handed in after it.</summary>
    public bool IsFinal { get; set; }

    public string? InstanceId { get; set; }
    public string? DefinitionId { get; set; }
    public int? DefinitionVersion { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
}

internal sealed class ProcessStartRowConfiguration : IEntityTypeConfiguration<ProcessStartRow>
{
    public void Configure(EntityTypeBuilder<ProcessStartRow> b)
    {
        b.ToTable("wf_process_starts");
        b.HasKey(x => x.EventKey);
        b.Property(x => x.EventKey).HasColumnName("event_key");
        b.Property(x => x.Kind).HasColumnName("kind");
        b.Property(x => x.Department).HasColumnName("department");
        b.Property(x => x.OfficeholderId).HasColumnName("officeholder_id");
        b.Property(x => x.AppointmentId).HasColumnName("appointment_id");
        b.Property(x => x.NotBefore).HasColumnName("not_before").HasConversion<UtcDateTimeConverter>();
        b.Property(x => x.AfterCycleAt).HasColumnName("after_cycle_at").HasConversion<NullableUtcDateTimeConverter>();
        b.Property(x => x.PreviousInstanceId).HasColumnName("previous_instance_id");
        b.Property(x => x.IsFinal).HasColumnName("is_final");
        b.Property(x => x.InstanceId).HasColumnName("instance_id");
        b.Property(x => x.DefinitionId).HasColumnName("definition_id");
        b.Property(x => x.DefinitionVersion).HasColumnName("definition_version");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasConversion<UtcDateTimeConverter>();
        b.Property(x => x.StartedAt).HasColumnName("started_at").HasConversion<NullableUtcDateTimeConverter>();
        b.Property(x => x.CancelledAt).HasColumnName("cancelled_at").HasConversion<NullableUtcDateTimeConverter>();
    }
}
