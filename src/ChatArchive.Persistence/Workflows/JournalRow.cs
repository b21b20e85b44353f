using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Workflows;

/// <summary>One journal line (table wf_journal).</summary>
public sealed class JournalRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public long Sequence { get; set; }
    public string? ActivityInstanceId { get; set; }
    public string? ParentActivityInstanceId { get; set; }
    public string? ActivityId { get; set; }
    public string? ActivityType { get; set; }
    public int ActivityTypeVersion { get; set; }
    public string? ActivityName { get; set; }
    public string? NodeId { get; set; }
    public DateTime Timestamp { get; set; }
    public string EventName { get; set; } = "";
    public string? Message { get; set; }
    public string? Source { get; set; }
    public string? Payload { get; set; }
}

public sealed class JournalRowConfiguration : IEntityTypeConfiguration<JournalRow>
{
    public void Configure(EntityTypeBuilder<JournalRow> b)
    {
        b.ToTable("wf_journal");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.InstanceId).HasColumnName("instance_id");
        b.Property(x => x.Sequence).HasColumnName("sequence");
        b.Property(x => x.ActivityInstanceId).HasColumnName("activity_instance_id");
        b.Property(x => x.ParentActivityInstanceId).HasColumnName("parent_activity_instance_id");
        b.Property(x => x.ActivityId).HasColumnName("activity_id");
        b.Property(x => x.ActivityType).HasColumnName("activity_type");
        b.Property(x => x.ActivityTypeVersion).HasColumnName("activity_type_version");
        b.Property(x => x.ActivityName).HasColumnName("activity_name");
        b.Property(x => x.NodeId).HasColumnName("node_id");
        b.Property(x => x.Timestamp).HasColumnName("timestamp").HasConversion<UtcDateTimeConverter>();
        b.Property(x => x.EventName).HasColumnName("event_name");
        b.Property(x => x.Message).HasColumnName("message");
        b.Property(x => x.Source).HasColumnName("source");
        b.Property(x => x.Payload).HasColumnName("payload");
    }
}
