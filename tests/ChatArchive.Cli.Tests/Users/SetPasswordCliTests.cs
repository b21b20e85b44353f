using System.Globalization;
using ChatArchive.Cli.Tests.Ingestion;
using ChatArchive.Persistence;
using ChatArchive.TestSupport;
using Microsoft.AspNetCore.Identity;

namespace ChatArchive.Cli.Tests.Users;

/// <summary>
/// <c>chatarchive users set-password</c> on PostgreSQL and SQLite: the first administrator of an installation gets a
/// password from the server's machine (Identity's PBKDF2 hash, lockout lifted, sessions ended); anyone who is not an
/// active administrator, or a weak password, changes nothing.
/// </summary>
public class SetPasswordCliTests
{
    private const string Password = "Een lange wachtzin voor de eerste beheerder";

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task An_administrator_gets_a_hashed_password_the_lockout_is_lifted_and_sessions_end(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "setpw");
        await new DatabaseMigrator(db).MigrateAsync();
        var admin = await IngestionData.CountAsync(db, "INSERT INTO users (user_name, display_name, roles, is_active) VALUES ('beheerder', 'Beheerder', 'administrator', TRUE) RETURNING id");
        var future = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        await IngestionData.CountAsync(db, $"INSERT INTO local_accounts (user_id, password_hash, security_stamp, failed_count, lockout_end, two_factor, updated_at) VALUES ({admin}, 'oud', 'STAMP', 5, {future}, 0, 1) RETURNING user_id");
        await IngestionData.CountAsync(db, $"INSERT INTO auth_sessions (id, user_id, fingerprint, created_at, expires_at) VALUES ('s1', {admin}, 'f', 1, {future}) RETURNING user_id");
        var env = IngestionData.Env(db);

        var weak = await CliRunner.RunAsync(["users", "set-password", "--user", "beheerder"], env, stdin: "kort\n");
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("minstens 12 tekens", weak.StdErr);
        Assert.Equal(5, await IngestionData.CountAsync(db, $"SELECT failed_count FROM local_accounts WHERE user_id = {admin}"));

        var set = await CliRunner.RunAsync(["users", "set-password", "--user", "Beheerder"], env, stdin: Password + "\n");
        Assert.True(set.ExitCode == 0, set.StdErr);
        Assert.Equal(admin.ToString(CultureInfo.InvariantCulture), set.StdOut.Trim());
        Assert.DoesNotContain(Password, set.StdOut + set.StdErr);
        var hash = await ScalarTextAsync(db, $"SELECT password_hash FROM local_accounts WHERE user_id = {admin}");
        Assert.DoesNotContain(Password, hash);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<object>().VerifyHashedPassword(new object(), hash, Password));
        Assert.Equal(PasswordVerificationResult.Failed, new PasswordHasher<object>().VerifyHashedPassword(new object(), hash, Password + "!"));
        Assert.Equal(0, await IngestionData.CountAsync(db, $"SELECT failed_count FROM local_accounts WHERE user_id = {admin}"));
        Assert.Equal(1, await IngestionData.CountAsync(db, $"SELECT COUNT(*) FROM local_accounts WHERE user_id = {admin} AND lockout_end IS NULL AND security_stamp <> 'STAMP'"));
        Assert.Equal(1, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM auth_sessions WHERE id = 's1' AND revoked_at IS NOT NULL"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Someone_who_is_not_an_active_administrator_gets_no_password(DatabaseProvider provider)
    {
        var db = await TestDatabases.CreateAsync(provider, "setpw");
        await new DatabaseMigrator(db).MigrateAsync();
        await IngestionData.CountAsync(db, "INSERT INTO users (user_name, display_name, roles, is_active) VALUES ('ip', 'IP', 'information-professional', TRUE) RETURNING id");
        await IngestionData.CountAsync(db, "INSERT INTO users (user_name, display_name, roles, is_active) VALUES ('oud', 'Oud', 'administrator', FALSE) RETURNING id");
        var env = IngestionData.Env(db);

        var cases = new (string[] Args, string Expected)[]
        {
            (["users", "set-password", "--user", "ip"], "geen beheerder"),
            (["users", "set-password", "--user", "oud"], "gedeactiveerd"),
            (["users", "set-password", "--user", "niemand"], "staat niet in het register"),
            (["users", "set-password"], "--user <gebruikersnaam>"),
        };
        foreach (var (args, expected) in cases)
        {
            var r = await CliRunner.RunAsync(args, env, stdin: Password + "\n");
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(expected, r.StdErr);
            Assert.Contains("Er is niets gewijzigd", r.StdErr);
        }
        Assert.Equal(0, await IngestionData.CountAsync(db, "SELECT COUNT(*) FROM local_accounts"));
    }

    private static async Task<string> ScalarTextAsync(DatabaseOptions db, string sql)
    {
        await using var conn = DatabaseSetup.CreateConnection(db);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
