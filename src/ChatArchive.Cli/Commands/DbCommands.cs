using System.CommandLine;
using ChatArchive.Persistence;

namespace ChatArchive.Cli;

/// <summary><c>chatarchive db migrate|status</c>: the same configuration as the server.</summary>
public static class DbCommands
{
    public static IEnumerable<Command> Create()
    {
        var db = new Command("db", "Database: schema bijwerken en status tonen");

        var migrate = new Command("migrate", "Past alle openstaande schemawijzigingen toe");
        migrate.SetAction(async (parse, ct) =>
        {
            if (TryDatabase() is not { } options) return 2;
            var applied = await new DatabaseMigrator(options).MigrateAsync(ct: ct);
            Console.WriteLine(applied.Count == 0
                ? "Database is al bijgewerkt."
                : $"{applied.Count} schemawijziging(en) toegepast: {string.Join(", ", applied.Select(s => $"{s.Id:0000}_{s.Name}"))}");
            return 0;
        });

        var status = new Command("status", "Toont toegepaste en openstaande schemawijzigingen");
        status.SetAction(async (parse, ct) =>
        {
            if (TryDatabase() is not { } options) return 2;
            var s = await new DatabaseMigrator(options).StatusAsync(ct);
            Console.WriteLine($"Provider: {options.Provider}");
            foreach (var a in s.Applied) Console.WriteLine($"  toegepast   {a.Id:0000}_{a.Name}");
            foreach (var p in s.Pending) Console.WriteLine($"  openstaand  {p.Id:0000}_{p.Name}");
            foreach (var u in s.Unknown) Console.WriteLine($"  onbekend    {u:0000} (database is nieuwer dan dit programma)");
            return s.Pending.Count == 0 ? 0 : 1;
        });

        db.Subcommands.Add(migrate);
        db.Subcommands.Add(status);
        yield return db;
    }

    /// <summary>Reads the database settings; a wrong setting is a Dutch message on stderr and exit code 2, not a stack trace.</summary>
    private static DatabaseOptions? TryDatabase()
    {
        try
        {
            return CliConfiguration.Database();
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"Fout in de configuratie: {e.Message}");
            return null;
        }
    }
}
