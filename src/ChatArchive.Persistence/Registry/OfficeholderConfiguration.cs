using ChatArchive.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Registry;

internal sealed class OfficeholderConfiguration : IEntityTypeConfiguration<Officeholder>
{
    public void Configure(EntityTypeBuilder<Officeholder> b)
    {
        b.ToTable("officeholders");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.DepartmentId).HasColumnName("department_id");
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.DisplayName).HasColumnName("display_name").IsRequired();
        b.Property(x => x.Kind).HasColumnName("kind").HasConversion<string>();
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
        b.HasMany(x => x.Appointments).WithOne().HasForeignKey(a => a.OfficeholderId).OnDelete(DeleteBehavior.Restrict);
    }
}
