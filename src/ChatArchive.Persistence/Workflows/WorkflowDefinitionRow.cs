using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Workflows;

/// <summary>One definition version (table wf_definitions); <see cref="Data"/> is the full Elsa JSON.</summary>
public sealed class WorkflowDefinitionRow
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public string? TenantId { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public DateTime CreatedAt { get; set; }
    public string Data { get; set; } = "";
}

public sealed class WorkflowDefinitionRowConfiguration : IEntityTypeConfiguration<WorkflowDefinitionRow>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionRow> b)
    {
        b.ToTable("wf_definitions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.DefinitionId).HasColumnName("definition_id");
        b.Property(x => x.Version).HasColumnName("version");
        b.Property(x => x.TenantId).HasColumnName("tenant_id");
        b.Property(x => x.Name).HasColumnName("name");
        b.Property(x => x.Description).HasColumnName("description");
        b.Property(x => x.IsLatest).HasColumnName("is_latest");
        b.Property(x => x.IsPublished).HasColumnName("is_published");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasConversion<UtcDateTimeConverter>();
        b.Property(x => x.Data).HasColumnName("data");
    }
}
