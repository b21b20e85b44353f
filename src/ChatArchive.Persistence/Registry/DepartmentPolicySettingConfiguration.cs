using ChatArchive.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Registry;

internal sealed class DepartmentPolicySettingConfiguration : IEntityTypeConfiguration<DepartmentPolicySetting>
{
    public void Configure(EntityTypeBuilder<DepartmentPolicySetting> b)
    {
        b.ToTable("department_policies");
        b.HasKey(x => x.DepartmentId);
        b.Property(x => x.DepartmentId).HasColumnName("department_id").ValueGeneratedNever();
        b.HasOne<Department>().WithOne().HasForeignKey<DepartmentPolicySetting>(x => x.DepartmentId);
        b.Property(x => x.Frequency).HasColumnName("frequency").HasConversion<string>();
        b.Property(x => x.DeviceSeparation).HasColumnName("device_separation");
        b.Property(x => x.Cleaning).HasColumnName("cleaning").HasConversion<string>();
        b.Property(x => x.KeepRawDataset).HasColumnName("keep_raw_dataset");
        b.Property(x => x.ExcludePrivateContacts).HasColumnName("exclude_private_contacts");
        b.Property(x => x.FourEyesRequired).HasColumnName("four_eyes_required");
        b.Property(x => x.Source).HasColumnName("source");
        b.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
    }
}
