using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Workflows;

/// <summary>A waiting activity (table wf_bookmarks); timer rows are what the Hangfire timer jobs are re-armed from.</summary>
public sealed class BookmarkRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string ActivityNodeId { get; set; } = "";
    public string ActivityInstanceId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTime? DueAt { get; set; }
    public string? Payload { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class BookmarkRowConfiguration : IEntityTypeConfiguration<BookmarkRow>
{
    public void Configure(EntityTypeBuilder<BookmarkRow> b)
    {
        b.ToTable("wf_bookmarks");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.InstanceId).HasColumnName("instance_id");
        b.Property(x => x.ActivityId).HasColumnName("activity_id");
        b.Property(x => x.ActivityNodeId).HasColumnName("activity_node_id");
        b.Property(x => x.ActivityInstanceId).HasColumnName("activity_instance_id");
        b.Property(x => x.ActivityType).HasColumnName("activity_type");
        b.Property(x => x.Kind).HasColumnName("kind");
        b.Property(x => x.DueAt).HasColumnName("due_at").HasConversion<NullableUtcDateTimeConverter>();
        b.Property(x => x.Payload).HasColumnName("payload");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasConversion<UtcDateTimeConverter>();
    }
}
