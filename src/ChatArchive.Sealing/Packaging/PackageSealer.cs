using ChatArchive.Sealing.BagIt;
using ChatArchive.Sealing.Canonical;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Hashing;
using ChatArchive.Sealing.Input;
using ChatArchive.Sealing.Mdto;
using ChatArchive.Sealing.Storage;

namespace ChatArchive.Sealing.Packaging;

/// <summary>
/// Builds one sealed package for one read-out (Handreiking §2.2.2 step 8; issue 5 §1-4): a BagIt bag (RFC 8493) whose
/// payload holds the canonical conversation JSON, the attachments, the deletion record and their MDTO sidecars,
/// closed by a signed seal statement chained to the previous seal. Everything is written in the store's staging
/// area and appears in one atomic commit.
/// </summary>
public sealed class PackageSealer(IArchiveStore store, ISealSource source, ArchiveKey key, SealingOptions options, TimeProvider clock)
{
    private const string ConversationsFolder = "data/gesprekken";

    public async Task<SealedPackage> SealAsync(ReadOutToSeal readOut, long sequence, string previousSealSha256, string sealedBy, CancellationToken ct = default)
    {
        var sealedAt = clock.GetUtcNow();
        var packageId = PackageNames.PackageId(sequence, readOut.PeriodStart, readOut.PeriodEnd);
        var address = new PackageAddress(readOut.Officeholder.Id, readOut.Channel, packageId);
        await using var draft = store.Begin(address);
        var payload = new List<ManifestEntry>();
        long payloadBytes = 0;

        async Task<(string Sha, long Size)> WriteBytes(string path, byte[] bytes, List<ManifestEntry>? manifest)
        {
            await using (var s = draft.Create(path, bytes.Length))
            {
                await s.WriteAsync(bytes, ct);
            }
            var sha = Sha256Files.Hash(bytes);
            manifest?.Add(new ManifestEntry(sha, path));
            if (ReferenceEquals(manifest, payload)) payloadBytes += bytes.Length;
            return (sha, bytes.Length);
        }

        var oh = readOut.Officeholder;
        var bron = options.ArchiveSource;
        var creator = new MdtoIdentity(oh.DepartmentCode, "ChatArchive.Workflows departementen", oh.DepartmentName);
        var serie = new MdtoIdentity($"serie-{oh.Id}", bron, $"Zakelijke berichten van {oh.Function} {oh.Name}");
        var dossier = new MdtoIdentity($"dossier-{oh.Id}-{readOut.Channel}-{packageId}", bron,
            $"{readOut.Channel} {CanonicalJson.Date(readOut.PeriodStart)} t/m {CanonicalJson.Date(readOut.PeriodEnd)}");
        var restriction = "Openbaarheid beoordelen bij Woo-verzoek";
        var freeze = new MdtoWriter.MdtoEvent("Bevriezing", sealedAt, sealedBy, "Verzegeld als BagIt-pakket " + packageId);

        int messages = 0, attachments = 0, restricted = 0;
        var conversations = readOut.Conversations.OrderBy(c => c.ConversationId, StringComparer.Ordinal).ToList();
        for (var k = 0; k < conversations.Count; k++)
        {
            var conv = conversations[k];
            var baseName = PackageNames.ConversationBase(k);
            var ordered = ConversationDocument.Ordered(conv.Conversation);
            var archiefstuk = new MdtoIdentity($"{packageId}-{baseName}", bron, conv.Conversation.Title);
            var representations = new List<MdtoIdentity>();
            var sealedAttachments = new Dictionary<(int, int), SealedAttachment>();
            var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            // Name every attachment first (deterministic), then copy and hash them in parallel, then record them in order.
            var jobs = new List<(int I, int J, Domain.Messages.AttachmentRef A, string Name, string Path)>();
            for (var i = 0; i < ordered.Count; i++)
            {
                for (var j = 0; j < ordered[i].Attachments.Count; j++)
                {
                    var a = ordered[i].Attachments[j];
                    if (!a.Present) continue;
                    var name = PackageNames.SafeFileName(a.FileName);
                    if (!usedNames.Add(name)) { name = PackageNames.SafeFileName($"{i + 1:D5}-{j + 1}-{name}"); usedNames.Add(name); }
                    jobs.Add((i, j, a, name, $"{ConversationsFolder}/{baseName}/bijlagen/{name}"));
                }
            }
            var copies = new System.Collections.Concurrent.ConcurrentDictionary<(int, int), (string Sha256, long Length)>();
            var conversationNumber = k + 1;
            await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.CopyParallelism), CancellationToken = ct }, async (job, c) =>
            {
                Stream input;
                try
                {
                    input = await source.OpenAttachmentAsync(readOut, conv, job.A, c);
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
                {
                    throw new SealingException($"Een bijlage van uitlezing {readOut.ReadOutId} (gesprek {conversationNumber}, bericht {job.I + 1}) ontbreekt in de bron. Laad de export opnieuw in en verzegel daarna opnieuw; er is niets verzegeld.", e);
                }
                (string Sha256, long Length) copied;
                await using (input)
                await using (var output = draft.Create(job.Path, job.A.Size))
                {
                    copied = await Sha256Files.CopyAndHashAsync(input, output, c);
                }
                if (job.A.Sha256 is { Length: > 0 } expected && !string.Equals(expected, copied.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new SealingException($"Een bijlage van uitlezing {readOut.ReadOutId} (gesprek {conversationNumber}, bericht {job.I + 1}) verschilt van wat bij het inlezen werd vastgelegd. Controleer de bron; er is niets verzegeld.");
                }
                copies[(job.I, job.J)] = copied;
            });
            foreach (var job in jobs)
            {
                var copied = copies[(job.I, job.J)];
                payload.Add(new ManifestEntry(copied.Sha256, job.Path));
                payloadBytes += copied.Length;
                sealedAttachments[(job.I, job.J)] = new SealedAttachment(job.Path, copied.Sha256, copied.Length);
                var fileId = new MdtoIdentity($"{archiefstuk.Kenmerk}-bijlage-{job.I + 1}-{job.J + 1}", bron, job.Name);
                representations.Add(fileId);
                await WriteBytes(job.Path + MdtoWriter.FileSidecarSuffix,
                    MdtoWriter.WriteFile(fileId, copied.Length, job.A.MediaType, copied.Sha256, sealedAt, archiefstuk), payload);
                attachments++;
            }

            var jsonPath = $"{ConversationsFolder}/{baseName}.json";
            var order = ConversationDocument.OrderedIndices(conv.Conversation);
            var json = ConversationDocument.Write(conv.ConversationId, conv.Conversation, (i, j) => sealedAttachments.GetValueOrDefault((i, j)),
                i => conv.RestrictionMark(order[i]));
            var (jsonSha, jsonSize) = await WriteBytes(jsonPath, json, payload);
            var jsonId = new MdtoIdentity($"{archiefstuk.Kenmerk}-json", bron, $"{baseName}.json");
            representations.Insert(0, jsonId);
            await WriteBytes(jsonPath + MdtoWriter.FileSidecarSuffix,
                MdtoWriter.WriteFile(jsonId, jsonSize, "application/json", jsonSha, sealedAt, archiefstuk), payload);

            var events = new List<MdtoWriter.MdtoEvent>();
            (DateOnly, DateOnly)? span = null;
            if (ordered.Count > 0)
            {
                events.Add(new MdtoWriter.MdtoEvent("Creatie", ordered[0].Sent, oh.Function));
                span = (DateOnly.FromDateTime(ordered[0].Sent.UtcDateTime), DateOnly.FromDateTime(ordered[^1].Sent.UtcDateTime));
            }
            events.Add(freeze);
            await WriteBytes($"{ConversationsFolder}/{baseName}{MdtoWriter.SidecarSuffix}", MdtoWriter.Write(new MdtoWriter.InformationObject(
                archiefstuk, [new MdtoIdentity(conv.ConversationId, "ChatArchive.Ingestion", conv.Conversation.Title)], "Archiefstuk",
                $"Gesprek met {ordered.Count} bewaarde bericht(en)", span, events, options.Valuation, dossier, representations, creator, restriction,
                MarkedRestriction(conv.RestrictedCount, "dit gesprek"))), payload);
            messages += ordered.Count;
            restricted += conv.RestrictedCount;
        }

        // Proof of lawful deletion, sealed in the same package (issue 5 §4).
        var deletionPath = $"data/{DeletionRecordDocument.FileName}";
        var (delSha, delSize) = await WriteBytes(deletionPath, DeletionRecordDocument.Write(readOut), payload);
        var delId = new MdtoIdentity($"{dossier.Kenmerk}-verwijderverantwoording", bron, DeletionRecordDocument.FileName);
        await WriteBytes(deletionPath + MdtoWriter.FileSidecarSuffix,
            MdtoWriter.WriteFile(delId, delSize, "application/json", delSha, sealedAt, dossier), payload);

        await WriteBytes($"data/{dossier.Kenmerk}{MdtoWriter.SidecarSuffix}", MdtoWriter.Write(new MdtoWriter.InformationObject(
            dossier, [new MdtoIdentity(readOut.ReadOutId, "ChatArchive.Ingestion", dossier.Naam)], "Dossier",
            $"Uitlezing {readOut.ReadOutId}: {conversations.Count} gesprek(ken), {messages} bewaarde bericht(en), {readOut.Deletions.Count} verwijderd",
            (readOut.PeriodStart, readOut.PeriodEnd),
            [new MdtoWriter.MdtoEvent("Creatie", readOut.ReadAt, sealedBy, "Uitgelezen"), freeze],
            options.Valuation, serie, [delId], creator, restriction, MarkedRestriction(restricted, "deze uitlezing"))), payload);
        await WriteBytes($"data/{serie.Kenmerk}{MdtoWriter.SidecarSuffix}", MdtoWriter.Write(new MdtoWriter.InformationObject(
            serie, [], "Serie", $"{oh.Function}, {oh.DepartmentName}", null, [], options.Valuation, null, [], creator, restriction)), payload);

        // Tag files (RFC 8493 §2.1.1, §2.1.3, §2.2.2), then the tag manifest over them (§2.2.1).
        var tags = new List<ManifestEntry>();
        await WriteBytes(BagItNames.Declaration, System.Text.Encoding.UTF8.GetBytes(BagItNames.DeclarationText), tags);
        await WriteBytes(BagItNames.PayloadManifest, ManifestFile.Write(payload), tags);
        var info = new BagInfo([
            new("Source-Organization", oh.DepartmentName),
            new("Bagging-Date", CanonicalJson.Date(DateOnly.FromDateTime(sealedAt.UtcDateTime))),
            new("External-Identifier", packageId),
            new(BagInfo.PayloadOxum, BagInfo.Oxum(payloadBytes, payload.Count)),
            new("Officeholder-Id", oh.Id),
            new("Officeholder-Function", oh.Function),
            new("Department", oh.DepartmentCode),
            new("Channel", readOut.Channel),
            new("Period-Start", CanonicalJson.Date(readOut.PeriodStart)),
            new("Period-End", CanonicalJson.Date(readOut.PeriodEnd)),
            new("Read-Out-Id", readOut.ReadOutId),
            new("Sealed-By", sealedBy),
            new("Sealed-At", CanonicalJson.Instant(sealedAt)),
            new("Seal-Sequence", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        await WriteBytes(BagItNames.BagInfo, info.ToBytes(), tags);
        var tagManifest = ManifestFile.Write(tags);
        await WriteBytes(BagItNames.TagManifest, tagManifest, null);

        var statement = new SealStatement(packageId, oh.Id, readOut.Channel, sequence, readOut.ReadOutId,
            readOut.PeriodStart, readOut.PeriodEnd, sealedAt, sealedBy, Sha256Files.Hash(tagManifest), previousSealSha256, key.KeyId);
        var statementBytes = statement.ToBytes();
        await WriteBytes(BagItNames.SealStatement, statementBytes, null);
        await WriteBytes(BagItNames.SealSignature, System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(key.Sign(statementBytes)) + "\n"), null);

        await SealFaultInjection.PauseBeforeCommitIfRequestedAsync(ct);
        var location = await draft.CommitAsync(ct);
        return new SealedPackage(new ChainLink(address, statement, Sha256Files.Hash(statementBytes)), location,
            conversations.Count, messages, attachments, readOut.Deletions.Count, payloadBytes);
    }

    /// <summary>
    /// Cleaning mode Markeren: messages the officeholder marked private or party-political are kept with a restriction mark
    /// (Handreiking §2.2.2 stap 7); the MDTO metadata records that use restriction. Null when nothing is marked.
    /// </summary>
    private static MdtoWriter.UseRestriction? MarkedRestriction(int count, string where) => count == 0 ? null : new(
        "Beperkt gebruik: privé of partijpolitiek gemarkeerd",
        $"{count} bericht(en) in {where} zijn bij de schoning (Markeren) als privé of partijpolitiek gemarkeerd en met die markering bewaard; " +
        "zie 'restrictionMark' per bericht in het gesprek. Deze berichten zijn geen zakelijke informatie van de bewindspersoon en worden niet " +
        "zonder beoordeling verstrekt.");
}
