using ChatArchive.Domain.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Registry;

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> b)
    {
        b.ToTable("appointments", t => t.HasCheckConstraint("ck_appointments_period", "ends_on IS NULL OR ends_on >= starts_on"));
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.OfficeholderId).HasColumnName("officeholder_id");
        b.Property(x => x.DepartmentId).HasColumnName("department_id");
        b.HasOne<Department>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.FunctionTitle).HasColumnName("function_title").IsRequired();
        b.Property(x => x.StartsOn).HasColumnName("starts_on");
        b.Property(x => x.EndsOn).HasColumnName("ends_on");
        b.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
    }
}
