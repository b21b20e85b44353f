using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Workflows;

/// <summary>A human task (table wf_human_tasks); <see cref="Outcomes"/> is a JSON array of strings.</summary>
public sealed class HumanTaskRow
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string ActivityNodeId { get; set; } = "";
    public string? Department { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string? AssigneeRole { get; set; }
    public string? AssigneeUser { get; set; }
    public DateTime? DueAt { get; set; }
    public string? FormData { get; set; }
    public string Outcomes { get; set; } = "[]";
    public string Status { get; set; } = "";
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedAt { get; set; }
    public string? CompletedBy { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? Outcome { get; set; }
    public string? Result { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class HumanTaskRowConfiguration : IEntityTypeConfiguration<HumanTaskRow>
{
    public void Configure(EntityTypeBuilder<HumanTaskRow> b)
    {
        b.ToTable("wf_human_tasks");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.InstanceId).HasColumnName("instance_id");
        b.Property(x => x.DefinitionId).HasColumnName("definition_id");
        b.Property(x => x.ActivityId).HasColumnName("activity_id");
        b.Property(x => x.ActivityNodeId).HasColumnName("activity_node_id");
        b.Property(x => x.Department).HasColumnName("department");
        b.Property(x => x.Title).HasColumnName("title");
        b.Property(x => x.Description).HasColumnName("description");
        b.Property(x => x.AssigneeRole).HasColumnName("assignee_role");
        b.Property(x => x.AssigneeUser).HasColumnName("assignee_user");
        b.Property(x => x.DueAt).HasColumnName("due_at").HasConversion<NullableUtcDateTimeConverter>();
        b.Property(x => x.FormData).HasColumnName("form_data");
        b.Property(x => x.Outcomes).HasColumnName("outcomes");
        b.Property(x => x.Status).HasColumnName("status");
        b.Property(x => x.ClaimedBy).HasColumnName("claimed_by");
        b.Property(x => x.ClaimedAt).HasColumnName("claimed_at").HasConversion<NullableUtcDateTimeConverter>();
        b.Property(x => x.CompletedBy).HasColumnName("completed_by");
        b.Property(x => x.CompletedAt).HasColumnName("completed_at").HasConversion<NullableUtcDateTimeConverter>();
        b.Property(x => x.Outcome).HasColumnName("outcome");
        b.Property(x => x.Result).HasColumnName("result");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasConversion<UtcDateTimeConverter>();
    }
}
