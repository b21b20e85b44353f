using System.Text.RegularExpressions;
using ChatArchive.Domain.Messages;
using ChatArchive.Sealing.Canonical;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Input;
using ChatArchive.Sealing.Storage;
using ChatArchive.Sealing.Vault;

namespace ChatArchive.Sealing.Packaging;

/// <summary>
/// <c>seal --officeholder --channel</c>: seals, in period order, every read-out of that chain whose decisions are
/// complete (all of them with cleaning mode None), each chained to the previous seal. Re-running after a crash
/// continues where it stopped: read-outs already in the store are skipped, and a raw-export act that did not
/// happen yet is carried out.
/// </summary>
public sealed partial class SealService(IArchiveStore store, ISealSource source, ArchiveKey key, SealingOptions options, TimeProvider clock, IRawExportStore? rawExports)
{
    public const string RawExportRecord = "raw-export-act.json";

    public async Task<SealRun> SealAsync(string officeholderId, string channel, string sealedBy, CancellationToken ct = default)
    {
        if (!SafeId().IsMatch(officeholderId))
        {
            throw new SealingException($"'{officeholderId}' is geen geldig id van een bewindspersoon: gebruik letters, cijfers, '-' of '_'.");
        }
        if (!Channels.IsKnown(channel))
        {
            throw new SealingException($"Kanaal '{channel}' is onbekend. Kies uit: {string.Join(", ", Channels.All)}.");
        }
        if (string.IsNullOrWhiteSpace(sealedBy))
        {
            throw new SealingException("Geef aan wie verzegelt (--sealed-by).");
        }

        var chain = ChainIndex.Read(store, officeholderId, channel).ToList();
        var byReadOut = chain.GroupBy(l => l.Statement.ReadOutId).ToDictionary(g => g.Key, g => g.First());
        var sealedNow = new List<SealedPackage>();
        var already = new List<string>();
        var waiting = new List<string>();
        var acts = new List<RawExportAct>();
        var sealer = new PackageSealer(store, source, key, options, clock);

        await foreach (var readOut in source.ReadOutsAsync(officeholderId, channel, ct))
        {
            if (readOut.Officeholder.Id != officeholderId || readOut.Channel != channel)
            {
                throw new InvalidOperationException($"Seal source returned read-out {readOut.ReadOutId} of another chain");
            }
            if (byReadOut.TryGetValue(readOut.ReadOutId, out var existing))
            {
                already.Add(readOut.ReadOutId);
                if (await CompleteRawExportActAsync(existing, readOut, ct) is { } resumed) acts.Add(resumed);
                continue;
            }
            if (!readOut.IsReadyToSeal)
            {
                waiting.Add(readOut.ReadOutId);
                continue;
            }
            var last = chain.Count > 0 ? chain[^1] : null;
            var package = await sealer.SealAsync(readOut, (last?.Statement.Sequence ?? 0) + 1, last?.SealSha256 ?? SealStatement.Genesis, sealedBy, ct);
            chain.Add(package.Link);
            byReadOut[readOut.ReadOutId] = package.Link;
            sealedNow.Add(package);
            if (await CompleteRawExportActAsync(package.Link, readOut, ct) is { } act) acts.Add(act);
        }
        return new SealRun(sealedNow, already, waiting, acts);
    }

    /// <summary>Deletes or keeps the raw export as the department's policy says, once, and records the act beside the package.</summary>
    private async Task<RawExportAct?> CompleteRawExportActAsync(ChainLink link, ReadOutToSeal readOut, CancellationToken ct)
    {
        if (store.ReadRecord(link.Address, RawExportRecord) is not null) return null;
        var vaultId = readOut.RawExport.VaultId;
        string action;
        if (vaultId is null)
        {
            action = "none";
        }
        else if (readOut.RawExport.KeepRawDataset)
        {
            action = "kept";
        }
        else
        {
            if (rawExports is null)
            {
                throw new SealingException("De ruwe export moet na verzegelen worden verwijderd, maar de kluis is niet ingesteld. Zet ChatArchive:Sealing:VaultKey en VaultFolder en draai 'seal' opnieuw; het pakket zelf is al verzegeld.");
            }
            action = rawExports.Delete(vaultId) ? "deleted" : "already-absent";
        }
        var act = new RawExportAct(link.Statement.PackageId, readOut.ReadOutId, vaultId, action, clock.GetUtcNow());
        await store.WriteRecordAsync(link.Address, RawExportRecord, CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("format", "chatarchive-raw-export-act/1");
            w.WriteString("packageId", act.PackageId);
            w.WriteString("readOutId", act.ReadOutId);
            w.WriteOptional("vaultId", act.VaultId);
            w.WriteString("policy", readOut.RawExport.KeepRawDataset ? "keep" : "delete-after-sealing");
            w.WriteString("action", act.Action);
            w.WriteString("at", CanonicalJson.Instant(act.At));
            w.WriteEndObject();
        }), ct);
        return act;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")]
    private static partial Regex SafeId();
}
