using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Workflows;

/// <summary>One activity execution (table wf_activity_executions); inputs/outputs as JSON objects of literal text.</summary>
public sealed class ActivityExecutionRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string ActivityNodeId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public int ActivityTypeVersion { get; set; }
    public string? ActivityName { get; set; }
    public string Status { get; set; } = "";
    public string? Outcome { get; set; }
    public bool HasBookmarks { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? Inputs { get; set; }
    public string? Outputs { get; set; }
    public string? Exception { get; set; }
}

public sealed class ActivityExecutionRowConfiguration : IEntityTypeConfiguration<ActivityExecutionRow>
{
    public void Configure(EntityTypeBuilder<ActivityExecutionRow> b)
    {
        b.ToTable("wf_activity_executions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.InstanceId).HasColumnName("instance_id");
        b.Property(x => x.ActivityId).HasColumnName("activity_id");
        b.Property(x => x.ActivityNodeId).HasColumnName("activity_node_id");
        b.Property(x => x.ActivityType).HasColumnName("activity_type");
        b.Property(x => x.ActivityTypeVersion).HasColumnName("activity_type_version");
        b.Property(x => x.ActivityName).HasColumnName("activity_name");
        b.Property(x => x.Status).HasColumnName("status");
        b.Property(x => x.Outcome).HasColumnName("outcome");
        b.Property(x => x.HasBookmarks).HasColumnName("has_bookmarks");
        b.Property(x => x.StartedAt).HasColumnName("started_at").HasConversion<UtcDateTimeConverter>();
        b.Property(x => x.CompletedAt).HasColumnName("completed_at").HasConversion<NullableUtcDateTimeConverter>();
        b.Property(x => x.Inputs).HasColumnName("inputs");
        b.Property(x => x.Outputs).HasColumnName("outputs");
        b.Property(x => x.Exception).HasColumnName("exception");
    }
}
