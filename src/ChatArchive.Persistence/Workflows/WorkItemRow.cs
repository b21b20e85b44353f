using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Workflows;

/// <summary>A pending step (table wf_work_items), deleted in the transaction that commits the step.</summary>
public sealed class WorkItemRow
{
    public long Id { get; set; }
    public string InstanceId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? ActivityId { get; set; }
    public string? BookmarkId { get; set; }
    public bool IsTrigger { get; set; }
    public string? Outcome { get; set; }
    public string? Payload { get; set; }
    public string? ResumedBy { get; set; }
    public string? DedupKey { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class WorkItemRowConfiguration : IEntityTypeConfiguration<WorkItemRow>
{
    public void Configure(EntityTypeBuilder<WorkItemRow> b)
    {
        b.ToTable("wf_work_items");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
        b.Property(x => x.InstanceId).HasColumnName("instance_id");
        b.Property(x => x.Kind).HasColumnName("kind");
        b.Property(x => x.ActivityId).HasColumnName("activity_id");
        b.Property(x => x.BookmarkId).HasColumnName("bookmark_id");
        b.Property(x => x.IsTrigger).HasColumnName("is_trigger");
        b.Property(x => x.Outcome).HasColumnName("outcome");
        b.Property(x => x.Payload).HasColumnName("payload");
        b.Property(x => x.ResumedBy).HasColumnName("resumed_by");
        b.Property(x => x.DedupKey).HasColumnName("dedup_key");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasConversion<UtcDateTimeConverter>();
    }
}
