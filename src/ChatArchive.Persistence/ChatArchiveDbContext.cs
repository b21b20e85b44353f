using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Persistence;

/// <summary>
/// The one EF Core model of the system. Each module contributes its tables through
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes in this assembly (folder per module),
/// and its schema through versioned SQL scripts under Migrations/{postgres,sqlite}.
/// Use <c>Set&lt;T&gt;()</c> rather than adding DbSet properties here.
/// </summary>
public sealed class ChatArchiveDbContext(DbContextOptions<ChatArchiveDbContext> options) : DbContext(options)
{
    public DatabaseProvider Provider => Database.IsNpgsql() ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChatArchiveDbContext).Assembly);
        if (!Database.IsNpgsql())
        {
            modelBuilder.Entity<Audit.AuditStagedRow>().Property(x => x.At).HasConversion(Audit.AuditStagedRow.SqliteMilliseconds);
        }
    }
}
