using ChatArchive.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Registry;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.ToTable("accounts");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.OfficeholderId).HasColumnName("officeholder_id");
        b.HasOne<Officeholder>().WithMany().HasForeignKey(x => x.OfficeholderId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Channel).HasColumnName("channel").HasConversion<string>();
        b.Property(x => x.Service).HasColumnName("service").IsRequired();
        b.Property(x => x.Address).HasColumnName("address").IsRequired();
        b.Property(x => x.Usage).HasColumnName("usage").HasConversion<string>();
        b.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
    }
}
