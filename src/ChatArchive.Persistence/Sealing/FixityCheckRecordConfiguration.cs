using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChatArchive.Persistence.Sealing;

/// <summary>Maps <see cref="FixityCheckRecord"/> to fixity_checks (Migrations/*/0300_sealing_fixity_checks.sql).</summary>
public sealed class FixityCheckRecordConfiguration : IEntityTypeConfiguration<FixityCheckRecord>
{
    public void Configure(EntityTypeBuilder<FixityCheckRecord> b)
    {
        b.ToTable("fixity_checks");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.StartedAt).HasColumnName("started_at");
        b.Property(x => x.FinishedAt).HasColumnName("finished_at");
        b.Property(x => x.Trigger).HasColumnName("trigger");
        b.Property(x => x.Packages).HasColumnName("packages");
        b.Property(x => x.Valid).HasColumnName("valid");
        b.Property(x => x.ProblemCount).HasColumnName("problem_count");
        b.Property(x => x.Problems).HasColumnName("problems");
        b.Property(x => x.Error).HasColumnName("error");
    }
}
