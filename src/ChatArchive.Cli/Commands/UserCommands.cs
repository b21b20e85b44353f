using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text;
using ChatArchive.Persistence;
using Microsoft.AspNetCore.Identity;

namespace ChatArchive.Cli;

/// <summary>
/// <c>chatarchive users set-password --user &lt;naam&gt;</c>: sets the password of an administrator from the server's own
/// machine. It is the way in for the first administrator of a PostgreSQL installation (no development sign-in there)
/// and for an administrator who is locked out; every other user gets a password from an administrator
/// (<c>PUT /api/users/{id}/password</c>). The password is read from standard input, never from the command line
/// (shell history, process list). Same rules as the server: Identity's PBKDF2 hash, at least 12 characters, the lockout
/// lifted, a new security stamp, and every session of the user ended. One transaction: nothing half-written.
/// </summary>
public static class UserCommands
{
    /// <summary>The server's rules (LocalAccountSetup): length over composition.</summary>
    private const int MinimumLength = 12;
    private const int MaximumLength = 256;
    private const int MinimumUniqueChars = 5;

    public static IEnumerable<Command> Create()
    {
        var users = new Command("users", "Gebruikers: wachtwoord van een beheerder instellen");
        var user = new Option<string?>("--user") { Description = "Gebruikersnaam van de beheerder (zoals in het register)" };
        var resetTwoFactor = new Option<bool>("--reset-two-factor") { Description = "Ook de tweestapsverificatie uitzetten (telefoon kwijt)" };
        var setPassword = new Command("set-password", "Stelt het wachtwoord van een beheerder in; het wachtwoord komt van standaardinvoer");
        setPassword.Options.Add(user);
        setPassword.Options.Add(resetTwoFactor);
        setPassword.SetAction(async (parse, ct) => await SealingCommands.Guarded(async () =>
        {
            var name = parse.GetValue(user)?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(name))
            {
                Console.Error.WriteLine("Geef met --user <gebruikersnaam> op van welke beheerder het wachtwoord wordt ingesteld, bijv. " +
                                        "'chatarchive users set-password --user beheerder'. Er is niets gewijzigd.");
                return 2;
            }
            var password = ReadPassword();
            if (Problems(password) is { Count: > 0 } problems)
            {
                foreach (var p in problems) Console.Error.WriteLine(p);
                Console.Error.WriteLine("Er is niets gewijzigd.");
                return 2;
            }
            var database = CliConfiguration.Database();
            await new DatabaseMigrator(database).MigrateAsync(ct: ct);
            return await SetAsync(database, name, password!, parse.GetValue(resetTwoFactor), ct);
        }));
        users.Subcommands.Add(setPassword);
        yield return users;
    }

    /// <summary>Dutch problems with the password; empty when it meets the rules.</summary>
    public static List<string> Problems(string? password)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password)) problems.Add("Geef het nieuwe wachtwoord op standaardinvoer, bijv. 'chatarchive users set-password --user beheerder < wachtwoord.txt'.");
        else if (password.Length < MinimumLength) problems.Add($"Het wachtwoord moet minstens {MinimumLength} tekens lang zijn; kies bij voorkeur een zin.");
        else if (password.Length > MaximumLength) problems.Add($"Het wachtwoord mag hoogstens {MaximumLength} tekens lang zijn.");
        else if (password.Distinct().Count() < MinimumUniqueChars) problems.Add($"Het wachtwoord moet minstens {MinimumUniqueChars} verschillende tekens bevatten.");
        return problems;
    }

    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected) return Console.In.ReadLine();
        Console.Error.Write("Nieuw wachtwoord: ");
        var sb = new StringBuilder();
        while (true)
        {
            var k = Console.ReadKey(intercept: true);
            if (k.Key == ConsoleKey.Enter) break;
            if (k.Key == ConsoleKey.Backspace) { if (sb.Length > 0) sb.Length--; }
            else sb.Append(k.KeyChar);
        }
        Console.Error.WriteLine();
        return sb.ToString();
    }

    private static async Task<int> SetAsync(DatabaseOptions database, string userName, string password, bool resetTwoFactor, CancellationToken ct)
    {
        await using var conn = DatabaseSetup.CreateConnection(database);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long id;
        await using (var find = Command(conn, tx, "SELECT id, roles, is_active FROM users WHERE user_name = @name", ("name", userName)))
        await using (var reader = await find.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                Console.Error.WriteLine("Deze gebruiker staat niet in het register. Controleer de gebruikersnaam. Er is niets gewijzigd.");
                return 2;
            }
            id = reader.GetInt64(0);
            var roles = reader.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var active = Convert.ToBoolean(reader.GetValue(2), CultureInfo.InvariantCulture);
            if (!active)
            {
                Console.Error.WriteLine($"Gebruiker {id} is gedeactiveerd; een gedeactiveerde gebruiker krijgt geen wachtwoord. Er is niets gewijzigd.");
                return 2;
            }
            if (!roles.Contains(Domain.Registry.Roles.Administrator, StringComparer.Ordinal))
            {
                Console.Error.WriteLine($"Gebruiker {id} is geen beheerder. Dit commando is alleen voor beheerders; andere gebruikers krijgen een wachtwoord van een beheerder " +
                                        "(in ChatArchive of met PUT /api/users/{id}/password). Er is niets gewijzigd.");
                return 2;
            }
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var hash = new PasswordHasher<object>().HashPassword(new object(), password);
        var stamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var twoFactor = resetTwoFactor ? ", authenticator_key = NULL, two_factor = 0" : "";
        await using (var upsert = Command(conn, tx,
            "INSERT INTO local_accounts (user_id, password_hash, security_stamp, failed_count, lockout_end, authenticator_key, two_factor, updated_at) " +
            "VALUES (@user, @hash, @stamp, 0, NULL, NULL, 0, @now) " +
            "ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, security_stamp = excluded.security_stamp, " +
            "failed_count = 0, lockout_end = NULL, updated_at = excluded.updated_at" + twoFactor,
            ("user", id), ("hash", hash), ("stamp", stamp), ("now", now)))
        {
            await upsert.ExecuteNonQueryAsync(ct);
        }
        int ended;
        await using (var revoke = Command(conn, tx, "UPDATE auth_sessions SET revoked_at = @now WHERE user_id = @user AND revoked_at IS NULL", ("now", now), ("user", id)))
        {
            ended = await revoke.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        Console.WriteLine(id.ToString(CultureInfo.InvariantCulture));
        Console.Error.WriteLine($"Wachtwoord van beheerder {id} ingesteld; een eventuele blokkade is opgeheven en {ended} sessie(s) zijn beëindigd" +
                                (resetTwoFactor ? "; tweestapsverificatie staat uit." : "."));
        return 0;
    }

    private static DbCommand Command(DbConnection conn, DbTransaction tx, string sql, params (string Name, object? Value)[] parameters) =>
        Persistence.DbCommands.Create(conn, tx, sql, parameters);
}
