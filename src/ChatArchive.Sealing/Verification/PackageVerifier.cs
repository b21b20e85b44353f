using System.Collections.Concurrent;
using System.Text;
using ChatArchive.Sealing.BagIt;
using ChatArchive.Sealing.Chain;
using ChatArchive.Sealing.Hashing;
using ChatArchive.Sealing.Keys;
using ChatArchive.Sealing.Mdto;
using ChatArchive.Sealing.Storage;

namespace ChatArchive.Sealing.Verification;

/// <summary>
/// Recomputes everything a package claims (issue 5 §6): every payload checksum and the Payload-Oxum (RFC 8493 §3
/// "valid"), the tag manifest, the MDTO sidecars against the XSD, the seal statement and its ECDSA signature, and the
/// hash chain per officeholder and channel. Only reads; the same store gives the same answer every time.
/// A seal verifies with the key its statement names, found in the installation's key ring (the current key and the
/// keys retired by a rotation); a key id the ring does not hold is a problem, never a reason to trust a key.
/// </summary>
public sealed class PackageVerifier(IArchiveStore store, ArchiveKeyRing keys, int parallelism = 1)
{
    /// <summary>Only the current key (no rotation has happened, or retired keys are not to be accepted).</summary>
    public PackageVerifier(IArchiveStore store, ArchiveKey key, int parallelism = 1)
        : this(store, new ArchiveKeyRing(key), parallelism)
    {
    }

    /// <summary>Every package in the store and every chain.</summary>
    public async Task<VerificationReport> VerifyAllAsync(CancellationToken ct = default)
    {
        var packages = store.ListPackages();
        var problems = new List<VerificationProblem>();
        foreach (var p in packages) problems.AddRange(await VerifyContentAsync(p, ct));
        foreach (var chain in packages.GroupBy(p => (p.OfficeholderId, p.Channel)))
        {
            var links = chain.Select(a => ChainIndex.TryReadLink(store, a)).OfType<ChainLink>().ToList();
            problems.AddRange(VerifyChain(links));
        }
        return new VerificationReport(packages.Count, problems);
    }

    /// <summary>One package, and its link to the previous seal of its chain.</summary>
    public async Task<VerificationReport> VerifyOneAsync(PackageAddress address, CancellationToken ct = default)
    {
        if (!store.Exists(address))
        {
            return new VerificationReport(0, [new(address.ToString(), null, ProblemKinds.PackageNotFound, "Dit pakket staat niet in het archief. Controleer de naam of gebruik --all.")]);
        }
        var problems = (await VerifyContentAsync(address, ct)).ToList();
        var link = ChainIndex.TryReadLink(store, address);
        if (link is not null)
        {
            var chain = ChainIndex.Read(store, address.OfficeholderId, address.Channel)
                .Where(l => l.Statement.Sequence <= link.Statement.Sequence).ToList();
            problems.AddRange(VerifyChain(chain).Where(p => p.Package == address.ToString()));
        }
        return new VerificationReport(1, problems);
    }

    public async Task<IReadOnlyList<VerificationProblem>> VerifyContentAsync(PackageAddress address, CancellationToken ct = default)
    {
        var pkg = address.ToString();
        var problems = new ConcurrentBag<VerificationProblem>();
        void Add(string? file, string kind, string detail) => problems.Add(new VerificationProblem(pkg, file, kind, detail));

        var files = store.ListFiles(address).ToHashSet(StringComparer.Ordinal);
        // The required tag files are checked by name; an unreadable tag manifest must not make them look foreign.
        var accounted = new HashSet<string>(StringComparer.Ordinal)
        {
            BagItNames.Declaration, BagItNames.BagInfo, BagItNames.PayloadManifest,
            BagItNames.TagManifest, BagItNames.SealStatement, BagItNames.SealSignature,
        };

        byte[]? Read(string path)
        {
            if (!files.Contains(path)) { Add(path, ProblemKinds.MissingFile, "Verplicht bestand ontbreekt in het pakket."); return null; }
            return ChainIndex.TryReadAll(store, address, path);
        }

        // RFC 8493 §2.1.1: the bag declaration.
        var declaration = Read(BagItNames.Declaration);
        if (declaration is not null && Encoding.UTF8.GetString(declaration) != BagItNames.DeclarationText)
        {
            Add(BagItNames.Declaration, ProblemKinds.DeclarationInvalid, "bagit.txt wijkt af van 'BagIt-Version: 1.0' met UTF-8.");
        }

        // RFC 8493 §2.2.1: every tag file listed in the tag manifest matches.
        var tagManifestBytes = Read(BagItNames.TagManifest);
        if (tagManifestBytes is not null)
        {
            var tagEntries = ManifestFile.TryParse(tagManifestBytes, out var error);
            if (tagEntries is null)
            {
                Add(BagItNames.TagManifest, ProblemKinds.ManifestInvalid, $"De tagmanifest is onleesbaar: {error}.");
            }
            else
            {
                foreach (var required in new[] { BagItNames.Declaration, BagItNames.BagInfo, BagItNames.PayloadManifest })
                {
                    if (tagEntries.All(e => e.Path != required)) Add(required, ProblemKinds.ManifestInvalid, "Dit tagbestand staat niet in de tagmanifest.");
                }
                foreach (var e in tagEntries)
                {
                    accounted.Add(e.Path);
                    await CheckChecksumAsync(address, e, files, Add, ct);
                }
            }
        }

        // RFC 8493 §2.1.3 and §3: every payload file listed, present and matching; nothing extra under data/.
        var manifestBytes = Read(BagItNames.PayloadManifest);
        var payload = manifestBytes is null ? null : ManifestFile.TryParse(manifestBytes, out var manifestError) switch
        {
            null => Report(manifestError),
            var list => list,
        };
        IReadOnlyList<ManifestEntry>? Report(string? err)
        {
            Add(BagItNames.PayloadManifest, ProblemKinds.ManifestInvalid, $"De manifest is onleesbaar: {err}.");
            return null;
        }
        long octets = 0;
        var streams = 0;
        if (payload is not null)
        {
            foreach (var e in payload.Where(e => !e.Path.StartsWith(BagItNames.PayloadFolder + "/", StringComparison.Ordinal)))
            {
                Add(e.Path, ProblemKinds.ManifestInvalid, "De manifest noemt een bestand buiten data/.");
            }
            await Parallel.ForEachAsync(payload, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = ct },
                async (e, c) =>
                {
                    var length = await CheckChecksumAsync(address, e, files, Add, c);
                    if (length >= 0)
                    {
                        Interlocked.Add(ref octets, length);
                        Interlocked.Increment(ref streams);
                    }
                });
            foreach (var e in payload) accounted.Add(e.Path);
            foreach (var e in payload.Where(e => e.Path.EndsWith(MdtoWriter.SidecarSuffix, StringComparison.Ordinal) && files.Contains(e.Path)))
            {
                await using var s = store.OpenRead(address, e.Path);
                var errors = MdtoSchema.Validate(s);
                if (errors.Count > 0) Add(e.Path, ProblemKinds.MdtoInvalid, $"MDTO-bestand voldoet niet aan MDTO 1.0.1: {errors[0]}");
            }
        }
        foreach (var f in files.Where(f => !accounted.Contains(f)).Order(StringComparer.Ordinal))
        {
            Add(f, ProblemKinds.UnexpectedFile, "Dit bestand hoort niet bij het verzegelde pakket (staat in geen enkele manifest).");
        }

        // RFC 8493 §2.2.2: Payload-Oxum must equal what is really there.
        var infoBytes = Read(BagItNames.BagInfo);
        var info = infoBytes is null ? null : BagInfo.Parse(infoBytes);
        if (info is not null && payload is not null)
        {
            var oxum = BagInfo.Oxum(octets, streams);
            if (info[BagInfo.PayloadOxum] != oxum && streams == payload.Count)
            {
                Add(BagItNames.BagInfo, ProblemKinds.OxumMismatch, $"Payload-Oxum is '{info[BagInfo.PayloadOxum]}', maar de inhoud is {oxum}.");
            }
        }

        // The seal: statement, signature, and its claim on the tag manifest (issue 5 §3).
        var statementBytes = files.Contains(BagItNames.SealStatement) ? ChainIndex.TryReadAll(store, address, BagItNames.SealStatement) : null;
        if (statementBytes is null)
        {
            Add(BagItNames.SealStatement, ProblemKinds.SealMissing, "Het zegel ontbreekt: dit pakket is niet (volledig) verzegeld.");
        }
        else if (SealStatement.TryParse(statementBytes) is not { } statement)
        {
            Add(BagItNames.SealStatement, ProblemKinds.SealInvalid, "Het zegel is onleesbaar.");
        }
        else
        {
            var sig = files.Contains(BagItNames.SealSignature) ? ChainIndex.TryReadAll(store, address, BagItNames.SealSignature) : null;
            byte[]? signature = null;
            try { signature = sig is null ? null : Convert.FromBase64String(Encoding.ASCII.GetString(sig).Trim()); }
            catch (FormatException) { }
            var key = keys.Find(statement.KeyId);
            if (key is null)
            {
                Add(BagItNames.SealSignature, ProblemKinds.SignatureInvalid, $"Het zegel is gezet met een onbekende sleutel ({statement.KeyId[..Math.Min(16, statement.KeyId.Length)]}…), niet met de huidige of een eerder vervangen archiefsleutel van deze installatie.");
            }
            else if (signature is null || !key.Verify(statementBytes, signature))
            {
                Add(BagItNames.SealSignature, ProblemKinds.SignatureInvalid, "De handtekening over het zegel klopt niet.");
            }
            if (tagManifestBytes is not null && Sha256Files.Hash(tagManifestBytes) != statement.TagManifestSha256)
            {
                Add(BagItNames.TagManifest, ProblemKinds.SealMismatch, "De tagmanifest is niet die welke verzegeld is.");
            }
            if (statement.PackageId != address.PackageId || statement.OfficeholderId != address.OfficeholderId || statement.Channel != address.Channel)
            {
                Add(BagItNames.SealStatement, ProblemKinds.PackageMisplaced,
                    $"Het zegel hoort bij pakket {statement.OfficeholderId}/{statement.Channel}/{statement.PackageId}, niet op deze plek.");
            }
            if (info is not null && (info["External-Identifier"] != statement.PackageId || info["Officeholder-Id"] != statement.OfficeholderId || info["Channel"] != statement.Channel))
            {
                Add(BagItNames.BagInfo, ProblemKinds.BagInfoMismatch, "bag-info.txt noemt een ander pakket, andere bewindspersoon of ander kanaal dan het zegel.");
            }
        }
        return problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Kind, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The chain of one officeholder and channel: sequences 1..n without gaps or doubles, and each seal naming the
    /// hash of its predecessor. A removed, replaced or reordered package breaks it (issue 5 §3).
    /// </summary>
    public static IReadOnlyList<VerificationProblem> VerifyChain(IReadOnlyList<ChainLink> links)
    {
        var problems = new List<VerificationProblem>();
        ChainLink? previous = null;
        long expected = 1;
        foreach (var link in links.OrderBy(l => l.Statement.Sequence).ThenBy(l => l.Address.PackageId, StringComparer.Ordinal))
        {
            var pkg = link.Address.ToString();
            var seq = link.Statement.Sequence;
            if (previous is not null && seq == previous.Statement.Sequence)
            {
                problems.Add(new(pkg, BagItNames.SealStatement, ProblemKinds.ChainFork, $"Twee pakketten hebben volgnummer {seq} in dezelfde keten."));
                continue;
            }
            if (seq != expected)
            {
                problems.Add(new(pkg, BagItNames.SealStatement, ProblemKinds.ChainGap,
                    seq > expected
                        ? $"Zegel {seq} volgt op zegel {expected - 1}: {(seq - expected == 1 ? $"pakket {expected} ontbreekt" : $"pakketten {expected} t/m {seq - 1} ontbreken")} in de keten."
                        : $"Ongeldig volgnummer {seq} in de keten."));
            }
            else
            {
                var expectedPrevious = previous?.SealSha256 ?? SealStatement.Genesis;
                if (link.Statement.PreviousSealSha256 != expectedPrevious)
                {
                    problems.Add(new(pkg, BagItNames.SealStatement, ProblemKinds.ChainBroken,
                        $"Het zegel verwijst niet naar het vorige zegel ({(previous is null ? "begin van de keten" : previous.Address.PackageId)}): de keten is verbroken of een pakket is vervangen."));
                }
            }
            previous = link;
            expected = seq + 1;
        }
        return problems;
    }

    /// <summary>Hashes one listed file; returns its length, or -1 when it is missing.</summary>
    private async Task<long> CheckChecksumAsync(PackageAddress address, ManifestEntry e, HashSet<string> files, Action<string?, string, string> add, CancellationToken ct)
    {
        if (!files.Contains(e.Path))
        {
            add(e.Path, ProblemKinds.MissingFile, "Bestand staat in de manifest maar ontbreekt.");
            return -1;
        }
        await using var s = store.OpenRead(address, e.Path);
        var (sha, length) = await Sha256Files.HashAsync(s, ct);
        if (!string.Equals(sha, e.Sha256, StringComparison.Ordinal))
        {
            add(e.Path, ProblemKinds.ChecksumMismatch, $"SHA-256 is {sha[..12]}…, verwacht {e.Sha256[..12]}…: het bestand is gewijzigd.");
        }
        return length;
    }
}
