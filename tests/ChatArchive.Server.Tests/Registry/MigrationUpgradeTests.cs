using System.Data.Common;
using System.Net.Http.Json;
using ChatArchive.Domain.Policies;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using ChatArchive.Server.Registry;
using ChatArchive.Server.Tests.Support;
using ChatArchive.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Tests.Registry;

/// <summary>A database made by the first released schema (0001) is upgraded in place by the latest code, losing nothing.</summary>
public class MigrationUpgradeTests
{
    private static async Task ExecAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Writes registry rows exactly as schema 0001 defines them (plain SQL, no EF model of today).</summary>
    private static async Task<DatabaseOptions> CreateVersion1DatabaseWithDataAsync(DatabaseProvider provider)
    {
        var options = await TestDatabases.CreateEmptyAsync(provider, "upgrade");
        var applied = await new DatabaseMigrator(options).MigrateAsync(upTo: 1);
        Assert.Equal([1], applied.Select(s => s.Id));
        await using var db = DatabaseSetup.CreateContext(options);
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await ExecAsync(conn, "INSERT INTO departments (code, name) VALUES ('BZK', 'Ministerie van Binnenlandse Zaken en Koninkrijksrelaties'), ('FIN', 'Ministerie van Financiën')");
        await ExecAsync(conn, "INSERT INTO officeholders (department_id, display_name, kind, created_at) " +
                              "SELECT id, 'Minister van Financiën 2', 'Minister', '2024-01-08 09:30:00+00:00' FROM departments WHERE code = 'FIN'");
        await ExecAsync(conn, "INSERT INTO appointments (officeholder_id, department_id, function_title, starts_on, ends_on) " +
                              "SELECT o.id, o.department_id, 'Minister van Financiën', '2024-01-08', '2024-01-12' FROM officeholders o");
        await ExecAsync(conn, "INSERT INTO users (user_name, display_name, roles, department_id, officeholder_id) " +
                              "SELECT 'bewindspersoon.fin.2', 'Minister van Financiën 2', 'officeholder', o.department_id, o.id FROM officeholders o");
        await ExecAsync(conn, "INSERT INTO users (user_name, display_name, roles) VALUES ('auditor', 'Auditor (Auditdienst Rijk)', 'auditor')");
        return options;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Database_made_by_the_first_migration_is_upgraded_without_data_loss(DatabaseProvider provider)
    {
        var options = await CreateVersion1DatabaseWithDataAsync(provider);
        var migrator = new DatabaseMigrator(options);

        var applied = await migrator.MigrateAsync();
        var status = await migrator.StatusAsync();

        Assert.Contains(2, applied.Select(s => s.Id));
        Assert.Empty(status.Pending);
        await using var db = DatabaseSetup.CreateContext(options);
        Assert.Equal(["BZK", "FIN"], await db.Set<Department>().OrderBy(d => d.Code).Select(d => d.Code).ToListAsync());
        var officeholder = await db.Set<Officeholder>().Include(o => o.Appointments).SingleAsync();
        Assert.Equal("Minister van Financiën 2", officeholder.DisplayName);
        Assert.Equal(OfficeholderKind.Minister, officeholder.Kind);
        Assert.Equal(new DateTimeOffset(2024, 1, 8, 9, 30, 0, TimeSpan.Zero), officeholder.CreatedAt);
        var appointment = Assert.Single(officeholder.Appointments);
        Assert.Equal((new DateOnly(2024, 1, 8), new DateOnly(2024, 1, 12)), (appointment.StartsOn, appointment.EndsOn!.Value));
        var users = await db.Set<User>().OrderBy(u => u.UserName).ToListAsync();
        Assert.Equal(["auditor", "bewindspersoon.fin.2"], users.Select(u => u.UserName));
        Assert.All(users, u => Assert.True(u.IsActive));
        Assert.Equal(officeholder.Id, users[1].OfficeholderId);
        // 0002 gives every existing department the default policy, so workflows always find one.
        var policies = await db.Set<DepartmentPolicySetting>().ToListAsync();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.Equal(DepartmentPolicy.Default, p.ToPolicy()));
        // The new tables take rows for the old officeholder.
        db.Add(new BusinessDevice { OfficeholderId = officeholder.Id, Platform = DevicePlatform.Android, PhoneNumber = "+31611110000", ChatApps = ["whatsapp"], IssuedOn = new DateOnly(2024, 1, 8) });
        await db.SaveChangesAsync();
        Assert.Empty(await migrator.MigrateAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Server_started_on_a_version_1_database_upgrades_it_and_serves_the_old_rows(DatabaseProvider provider)
    {
        var options = await CreateVersion1DatabaseWithDataAsync(provider);

        await using var server = await ServerFixture.StartOnAsync(options);
        using var auditor = await server.CreateClientForUserAsync("auditor");
        var page = await auditor.GetFromJsonAsync<OfficeholderPage>("/api/officeholders", Json.Options);
        var policy = await auditor.GetFromJsonAsync<DepartmentEndpoints.PolicyResponse>("/api/departments/FIN/policy", Json.Options);

        var officeholder = Assert.Single(page!.Items);
        Assert.Equal("FIN", officeholder.DepartmentCode);
        Assert.Equal(new DateOnly(2024, 1, 12), Assert.Single(officeholder.Appointments).EndsOn);
        Assert.Equal(ReadOutFrequency.SixWeekly, policy!.Frequency);
        Assert.Empty((await new DatabaseMigrator(options).StatusAsync()).Pending);
    }
}
