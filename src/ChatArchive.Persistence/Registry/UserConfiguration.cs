using ChatArchive.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Registry;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.UserName).HasColumnName("user_name").IsRequired();
        b.HasIndex(x => x.UserName).IsUnique();
        b.Property(x => x.DisplayName).HasColumnName("display_name").IsRequired();
        b.Property(x => x.Roles).HasColumnName("roles").AsNameList();
        b.Property(x => x.DepartmentId).HasColumnName("department_id");
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.OfficeholderId).HasColumnName("officeholder_id");
        b.HasOne<Officeholder>().WithMany().HasForeignKey(x => x.OfficeholderId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Email).HasColumnName("email");
        b.Property(x => x.IsActive).HasColumnName("is_active");
        b.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
    }
}
