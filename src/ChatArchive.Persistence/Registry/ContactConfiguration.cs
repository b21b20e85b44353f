using ChatArchive.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Registry;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.ToTable("contacts");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.OfficeholderId).HasColumnName("officeholder_id");
        b.HasOne<Officeholder>().WithMany().HasForeignKey(x => x.OfficeholderId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.DisplayName).HasColumnName("display_name").IsRequired();
        b.Property(x => x.PhoneNumber).HasColumnName("phone_number");
        b.Property(x => x.Marking).HasColumnName("marking").HasConversion<string>();
        b.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
    }
}
