using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Workflows;

/// <summary>One workflow instance (table wf_instances); <see cref="State"/> is the JSON WorkflowState.</summary>
public sealed class WorkflowInstanceRow
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string DefinitionVersionId { get; set; } = "";
    public int Version { get; set; }
    public string? TenantId { get; set; }
    public string Status { get; set; } = "";
    public string SubStatus { get; set; } = "";
    public string? CorrelationId { get; set; }
    public string? Name { get; set; }
    public int IncidentCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string State { get; set; } = "{}";
    public long RowVersion { get; set; }
}

public sealed class WorkflowInstanceRowConfiguration : IEntityTypeConfiguration<WorkflowInstanceRow>
{
    public void Configure(EntityTypeBuilder<WorkflowInstanceRow> b)
    {
        b.ToTable("wf_instances");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.DefinitionId).HasColumnName("definition_id");
        b.Property(x => x.DefinitionVersionId).HasColumnName("definition_version_id");
        b.Property(x => x.Version).HasColumnName("version");
        b.Property(x => x.TenantId).HasColumnName("tenant_id");
        b.Property(x => x.Status).HasColumnName("status");
        b.Property(x => x.SubStatus).HasColumnName("sub_status");
        b.Property(x => x.CorrelationId).HasColumnName("correlation_id");
        b.Property(x => x.Name).HasColumnName("name");
        b.Property(x => x.IncidentCount).HasColumnName("incident_count");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasConversion<UtcDateTimeConverter>();
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasConversion<UtcDateTimeConverter>();
        b.Property(x => x.FinishedAt).HasColumnName("finished_at").HasConversion<NullableUtcDateTimeConverter>();
        b.Property(x => x.State).HasColumnName("state");
        // A save from a stale copy fails instead of overwriting a step another process committed.
        b.Property(x => x.RowVersion).HasColumnName("row_version").IsConcurrencyToken();
    }
}
