using ChatArchive.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Registry;

internal sealed class BusinessDeviceConfiguration : IEntityTypeConfiguration<BusinessDevice>
{
    public void Configure(EntityTypeBuilder<BusinessDevice> b)
    {
        b.ToTable("business_devices");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.OfficeholderId).HasColumnName("officeholder_id");
        b.HasOne<Officeholder>().WithMany().HasForeignKey(x => x.OfficeholderId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Platform).HasColumnName("platform").HasConversion<string>();
        b.Property(x => x.PhoneNumber).HasColumnName("phone_number").IsRequired();
        b.Property(x => x.ChatApps).HasColumnName("chat_apps").AsNameList();
        b.Property(x => x.IssuedOn).HasColumnName("issued_on");
        b.Property(x => x.ReturnedOn).HasColumnName("returned_on");
        b.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
    }
}
