using System.CommandLine;
using ChatArchive.Sealing.Keys;
using ChatArchive.Sealing.Vault;

namespace ChatArchive.Cli;

/// <summary>
/// <c>chatarchive keys list | rotate-seal | rotate-vault</c>: key rotation for the sealing key and the vault's master key
/// (docs/SECURITY.md, "Sleutels vervangen"). Output on stdout is for machines (key ids); Dutch explanations go to stderr.
/// Exit codes: 0 done, 1 some vault files could not be read under any key, 2 the command could not run.
/// Stop the server first: it loads its keys at start-up and writes to the vault.
/// </summary>
public static class KeyCommands
{
    public static IEnumerable<Command> Create()
    {
        var keys = new Command("keys", "Archiefsleutel en kluissleutel: tonen en vervangen");
        keys.Subcommands.Add(List());
        keys.Subcommands.Add(RotateSeal());
        keys.Subcommands.Add(RotateVault());
        yield return keys;
    }

    private static Command List()
    {
        var cmd = new Command("list", "Toont de sleutel-id's: huidige en vervangen archiefsleutels, huidige en vervangen kluissleutels");
        cmd.SetAction(async (parse, ct) => await SealingCommands.Guarded(() =>
        {
            var options = SealingCommands.Options();
            using (var ring = options.LoadKeyRing())
            {
                Console.WriteLine($"seal current {ring.Current!.KeyId}");
                foreach (var id in ring.RetiredKeyIds) Console.WriteLine($"seal retired {id}");
            }
            if (options.VaultKeyBase64 is not null || File.Exists(options.VaultKeyFile))
            {
                Console.WriteLine($"vault current {RawExportVault.KeyId(RawExportVault.ParseKey(options.ResolveVaultKey()))}");
            }
            foreach (var k in options.RetiredVaultKeys()) Console.WriteLine($"vault retired {RawExportVault.KeyId(k)}");
            return Task.FromResult(0);
        }));
        return cmd;
    }

    private static Command RotateSeal()
    {
        var output = new Option<string?>("--out") { Description = "Alleen als de sleutel in de configuratie staat (ArchiveKeyPem): bestand voor de nieuwe private sleutel" };
        var cmd = new Command("rotate-seal", "Vervangt de archiefsleutel; pakketten die met de oude sleutel verzegeld zijn blijven controleerbaar");
        cmd.Options.Add(output);
        cmd.SetAction(async (parse, ct) => await SealingCommands.Guarded(() =>
        {
            var options = SealingCommands.Options();
            var r = KeyRotation.RotateSealKey(options, parse.GetValue(output));
            Console.WriteLine(r.NewKeyId);
            Console.Error.WriteLine($"Archiefsleutel {r.RetiredKeyId[..16]}… is vervangen door {r.NewKeyId[..16]}…. De publieke oude sleutel staat in {r.RetiredFile}; " +
                                    "pakketten die ermee verzegeld zijn blijven controleerbaar met 'chatarchive verify --all'.");
            if (r.NewKeyFile is not null)
            {
                Console.Error.WriteLine($"De nieuwe private sleutel staat in {r.NewKeyFile}. Zet de inhoud in {Sealing.Packaging.SealingOptions.Section}:ArchiveKeyPem, " +
                                        "herstart de server en verwijder het bestand daarna. Tot dan verzegelt de server nog met de oude sleutel (die blijft controleerbaar).");
            }
            else
            {
                Console.Error.WriteLine("Herstart de server: hij leest de sleutel bij het starten.");
            }
            return Task.FromResult(0);
        }));
        return cmd;
    }

    private static Command RotateVault()
    {
        var resume = new Option<bool>("--resume") { Description = "Alleen een onderbroken omzetting afmaken, geen nieuwe sleutel maken" };
        var cmd = new Command("rotate-vault", "Vervangt de kluissleutel en versleutelt elke ruwe export opnieuw (hervatbaar)");
        cmd.Options.Add(resume);
        cmd.SetAction(async (parse, ct) => await SealingCommands.Guarded(async () =>
        {
            var options = SealingCommands.Options();
            var r = await KeyRotation.RotateVaultKeyAsync(options, parse.GetValue(resume), ct: ct);
            Console.WriteLine(r.CurrentKeyId);
            if (r.RetiredKeyId is not null) Console.Error.WriteLine($"Kluissleutel {r.RetiredKeyId} is vervangen door {r.CurrentKeyId}.");
            Console.Error.WriteLine($"{r.Files.Reencrypted} ruwe export(en) opnieuw versleuteld, {r.Files.AlreadyCurrent} stond(en) al onder de huidige sleutel" +
                                    (r.Files.TempFilesRemoved > 0 ? $", {r.Files.TempFilesRemoved} tijdelijk(e) bestand(en) van een onderbreking opgeruimd." : "."));
            if (r.Files.Unreadable.Count > 0)
            {
                Console.Error.WriteLine($"{r.Files.Unreadable.Count} export(en) konden met geen enkele bekende sleutel worden gelezen en zijn ongewijzigd gelaten: {string.Join(", ", r.Files.Unreadable)}. " +
                                        "Bewaar de oude sleutels tot dit is uitgezocht.");
                return 1;
            }
            Console.Error.WriteLine($"Alle ruwe exporten staan onder de nieuwe sleutel. De oude sleutel in {options.RetiredKeysFolder} (of RetiredVaultKeys) is niet meer nodig en mag worden verwijderd.");
            return 0;
        }));
        return cmd;
    }
}
