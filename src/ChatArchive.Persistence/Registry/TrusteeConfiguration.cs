using ChatArchive.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Registry;

internal sealed class TrusteeConfiguration : IEntityTypeConfiguration<Trustee>
{
    public void Configure(EntityTypeBuilder<Trustee> b)
    {
        b.ToTable("trustees", t => t.HasCheckConstraint("ck_trustees_period", "ends_on IS NULL OR ends_on >= starts_on"));
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.OfficeholderId).HasColumnName("officeholder_id");
        b.HasOne<Officeholder>().WithMany().HasForeignKey(x => x.OfficeholderId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.UserId).HasColumnName("user_id");
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.DisplayName).HasColumnName("display_name").IsRequired();
        b.Property(x => x.StartsOn).HasColumnName("starts_on");
        b.Property(x => x.EndsOn).HasColumnName("ends_on");
        b.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
    }
}
