using System.CommandLine;
using ChatArchive.Persistence;
using ChatArchive.Persistence.Sealing;
using ChatArchive.Sealing.Input;
using ChatArchive.Sealing;
using ChatArchive.Sealing.Packaging;
using ChatArchive.Sealing.Sources;
using ChatArchive.Sealing.Storage;
using ChatArchive.Sealing.Verification;
using ChatArchive.Sealing.Vault;

namespace ChatArchive.Cli;

/// <summary>
/// <c>chatarchive seal</c> and <c>verify</c> (issue 5 §6-7; <c>coverage</c> is in CoverageCommands). Output on stdout is for machines
/// (package paths, JSON); Dutch explanations go to stderr. Exit codes: 0 fine, 1 verification found problems,
/// 2 the command could not run (the Dutch message says what to do; nothing was changed).
/// </summary>
public static class SealingCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Seal();
        yield return Verify();
    }

    internal static SealingOptions Options()
    {
        var db = CliConfiguration.Database();
        return SealingOptions.FromLookup(k => CliConfiguration.Current[k], db.DataFolder, embedded: db.Provider == DatabaseProvider.Sqlite);
    }

    private static Command Seal()
    {
        var officeholder = new Option<string?>("--officeholder") { Description = "Id van de bewindspersoon" };
        var channel = new Option<string?>("--channel") { Description = "Kanaal, bijv. whatsapp, signal, sms" };
        var sealedBy = new Option<string?>("--sealed-by") { Description = "Wie verzegelt: het gebruikers-id van de persoon die verzegelt (verplicht; nooit de gebruikersnaam van het besturingssysteem)" };
        var cmd = new Command("seal", "Verzegelt elke ingelezen uitlezing van deze bewindspersoon en dit kanaal waarvan alle beslissingen genomen zijn");
        cmd.Options.Add(officeholder);
        cmd.Options.Add(channel);
        cmd.Options.Add(sealedBy);
        cmd.SetAction(async (parse, ct) => await Guarded(async () =>
        {
            var oh = parse.GetValue(officeholder);
            var ch = parse.GetValue(channel);
            if (string.IsNullOrWhiteSpace(oh) || string.IsNullOrWhiteSpace(ch))
            {
                throw new SealingException("Geef --officeholder <id> en --channel <kanaal> op, bijv. 'chatarchive seal --officeholder bh-0042 --channel whatsapp'.");
            }
            // sealedBy is the person who seals (the archive's evidence names them), never the operating-system account.
            var by = parse.GetValue(sealedBy)?.Trim();
            if (string.IsNullOrEmpty(by))
            {
                throw new SealingException("Geef met --sealed-by <gebruiker> op wie verzegelt: het gebruikers-id van de persoon die de verzegeling uitvoert, " +
                                           "bijv. 'chatarchive seal --officeholder bh-0042 --channel whatsapp --sealed-by ip-jansen'. De gebruikersnaam van het " +
                                           "besturingssysteem wordt hiervoor niet gebruikt. Er is niets verzegeld.");
            }
            var options = Options();
            var store = new FileSystemArchiveStore(options.StoreFolder);
            var cleaned = store.Recover();
            if (cleaned > 0) Console.Error.WriteLine($"{cleaned} onvoltooide verzegeling(en) van een eerdere onderbreking opgeruimd.");
            using var key = options.LoadArchiveKey();
            IRawExportStore? vault = options.ResolveVaultKey() is null ? null : options.OpenVault();
            // The database (ingested read-outs, registry, department policy) is the source; SourceFolder, when set,
            // seals read-outs prepared as files instead (the sealing tests and bench/Sealing use it).
            using var dbSource = options.SourceFolder is null ? await OpenDatabaseSourceAsync(vault as RawExportVault, ct) : null;
            ISealSource source = dbSource is not null ? dbSource : new FolderSealSource(options.SourceFolder!);
            var service = new SealService(store, source, key, options, TimeProvider.System, vault);
            var run = await service.SealAsync(oh, ch, by, ct);
            await SealRecords.RecordAsync(CliConfiguration.Database(), store, oh, ch, run, by, AuditCommands.Anchors(CliConfiguration.Database()), ct: ct);
            foreach (var p in run.Sealed) Console.WriteLine(p.Location);
            Console.Error.WriteLine($"{run.Sealed.Count} pakket(ten) verzegeld, {run.AlreadySealedReadOutIds.Count} al eerder verzegeld, " +
                                    $"{run.WaitingForDecisionsReadOutIds.Count} wacht(en) nog op beslissingen.");
            foreach (var w in run.WaitingForDecisionsReadOutIds) Console.Error.WriteLine($"  {w}: wacht op beslissingen — nog niet alle berichten beoordeeld en gevalideerd");
            if (dbSource is not null && run.WaitingForDecisionsReadOutIds.Count > 0)
            {
                // Decisions live in the read-out life cycle (migration 0500): a read-out is sealed once its cleaning is applied.
                Console.Error.WriteLine("Deze afdeling schoont berichten op (verwijderen of markeren). Een uitlezing wordt pas verzegeld als de informatieprofessional " +
                                        "alle berichten heeft beoordeeld, de bewindspersoon of vertrouwenspersoon de gemarkeerde berichten heeft gevalideerd en de schoning is toegepast " +
                                        "(/api/read-outs of de workflow). Er is niets geschreven voor de wachtende uitlezingen; verzegel opnieuw zodra de schoning is toegepast.");
                if (run.Sealed.Count == 0) return 2;
            }
            return 0;
        }));
        return cmd;
    }

    private static async Task<DatabaseSealSource> OpenDatabaseSourceAsync(RawExportVault? vault, CancellationToken ct)
    {
        var database = CliConfiguration.Database();
        await new DatabaseMigrator(database).MigrateAsync(ct: ct);
        return new DatabaseSealSource(database, vault);
    }

    private static Command Verify()
    {
        var all = new Option<bool>("--all") { Description = "Alle pakketten en ketens controleren" };
        var json = new Option<bool>("--json") { Description = "Uitvoer als JSON: {\"valid\",\"packages\",\"problems\"}" };
        var package = new Argument<string?>("package") { Description = "Pakket: pad naar de map, of <bewindspersoon>/<kanaal>/<pakket>", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("verify", "Herberekent alle controlegetallen, de tagmanifest, de keten en de handtekening");
        cmd.Options.Add(all);
        cmd.Options.Add(json);
        cmd.Arguments.Add(package);
        cmd.SetAction(async (parse, ct) => await Guarded(async () =>
        {
            var target = parse.GetValue(package);
            var everything = parse.GetValue(all);
            if (everything == (target is not null))
            {
                throw new SealingException("Kies precies één: 'chatarchive verify --all' of 'chatarchive verify <pakket>'.");
            }
            var options = Options();
            var store = new FileSystemArchiveStore(options.StoreFolder);
            // The current key and the keys retired by 'chatarchive keys rotate-seal': packages sealed before a rotation still verify.
            using var keys = options.LoadKeyRing();
            var verifier = new PackageVerifier(store, keys);
            var report = everything ? await verifier.VerifyAllAsync(ct) : await verifier.VerifyOneAsync(Resolve(store, target!), ct);
            if (everything) report = new VerificationReport(report.Packages, [.. report.Problems, .. await SealRecords.CompareAsync(CliConfiguration.Database(), store, ct)]);
            if (parse.GetValue(json))
            {
                Console.WriteLine(report.ToJson());
            }
            else
            {
                Console.WriteLine(report.Valid
                    ? $"In orde: {report.Packages} pakket(ten) gecontroleerd, geen problemen."
                    : $"NIET in orde: {report.Problems.Count} probleem/problemen in {report.Packages} pakket(ten).");
                foreach (var p in report.Problems) Console.WriteLine($"  {p.Package} {p.File ?? "-"} [{p.Kind}] {p.Detail}");
            }
            return report.Valid ? 0 : 1;
        }));
        return cmd;
    }

    /// <summary>A package folder path, or officeholder/channel/package.</summary>
    private static PackageAddress Resolve(FileSystemArchiveStore store, string target)
    {
        var full = Path.GetFullPath(target);
        if (Directory.Exists(full))
        {
            var rel = Path.GetRelativePath(Path.Combine(store.Root, "packages"), full).Split(Path.DirectorySeparatorChar);
            if (rel.Length == 3 && rel[0] != "..") return new PackageAddress(rel[0], rel[1], rel[2]);
            throw new SealingException($"Map '{target}' ligt niet in het archief ({store.Root}). Geef een pakketmap uit het archief of <bewindspersoon>/<kanaal>/<pakket>.");
        }
        var parts = target.Split('/');
        if (parts.Length == 3) return new PackageAddress(parts[0], parts[1], parts[2]);
        throw new SealingException($"'{target}' is geen pakket. Geef het pad naar de pakketmap of <bewindspersoon>/<kanaal>/<pakket>.");
    }

    internal static async Task<int> Guarded(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (SealingException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("ChatArchive", StringComparison.Ordinal) || e.Message.Contains("Provider", StringComparison.Ordinal))
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
}
