using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChatArchive.Persistence.Audit;

/// <summary>
/// The hash chain of the audit trail. Canonical serialisation of a row (version 1), hashed with SHA-256 and written
/// as 64 lower-case hex digits:
/// <code>
/// "chatarchive-audit/1" LF
/// then for each field, in this order: sequence, at, actor, role, department, action, object_type, object_id,
/// outcome, previous_hash — the field's UTF-8 byte length in decimal, ":", the UTF-8 bytes, LF
/// </code>
/// where sequence is decimal, at is UTC with millisecond precision as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, a missing
/// department is the empty string, and previous_hash of the first row is 64 zeros. The length prefix makes the
/// encoding unambiguous whatever a field contains. Because every row's hash covers the previous row's hash, an edited,
/// removed, inserted or reordered row breaks the chain from that row on; a removed tail is caught by the anchors
/// (<see cref="AuditAnchors"/>).
/// </summary>
public static class AuditChain
{
    public const string Format = "chatarchive-audit/1";

    public static readonly string Genesis = new('0', 64);

    /// <summary>Instants are kept to the millisecond, so both providers store exactly what was hashed.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t) =>
        DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    public static byte[] Canonical(long sequence, DateTimeOffset at, string actor, string role, string? department,
        string action, string objectType, string objectId, string outcome, string previousHash)
    {
        var sb = new StringBuilder(256).Append(Format).Append('\n');
        void Field(string value) => sb.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
        Field(sequence.ToString(CultureInfo.InvariantCulture));
        Field(Truncate(at).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        Field(actor);
        Field(role);
        Field(department ?? "");
        Field(action);
        Field(objectType);
        Field(objectId);
        Field(outcome);
        Field(previousHash);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static string Hash(long sequence, DateTimeOffset at, string actor, string role, string? department,
        string action, string objectType, string objectId, string outcome, string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Canonical(sequence, at, actor, role, department, action, objectType, objectId, outcome, previousHash)));

    /// <summary>The hash this row should carry, recomputed from its fields.</summary>
    public static string Recompute(AuditEvent e) =>
        Hash(e.Sequence, e.At, e.Actor, e.Role, e.Department, e.Action, e.ObjectType, e.ObjectId, e.Outcome, e.PreviousHash);

    /// <summary>
    /// Checks rows read in sequence order against each other and against the anchors; returns every problem found.
    /// Pure: the same rows and anchors give the same answer.
    /// </summary>
    public static IReadOnlyList<AuditProblem> Verify(IEnumerable<AuditEvent> rowsInOrder, IReadOnlyList<AuditAnchor> anchors)
    {
        var problems = new List<AuditProblem>();
        var bySeq = new Dictionary<long, AuditEvent>();
        AuditEvent? previous = null;
        long expected = 1;
        var count = 0;
        foreach (var e in rowsInOrder)
        {
            count++;
            bySeq[e.Sequence] = e;
            if (e.Sequence != expected)
            {
                problems.Add(e.Sequence > expected
                    ? new AuditProblem(AuditProblemKinds.RowsMissing, e.Sequence,
                        e.Sequence - expected == 1
                            ? $"Gebeurtenis {expected} ontbreekt: de rij is verwijderd."
                            : $"Gebeurtenissen {expected} t/m {e.Sequence - 1} ontbreken: de rijen zijn verwijderd.")
                    : new AuditProblem(AuditProblemKinds.OutOfOrder, e.Sequence, $"Gebeurtenis {e.Sequence} staat na gebeurtenis {previous?.Sequence}: de volgorde is gewijzigd."));
            }
            if (AuditChain.Recompute(e) != e.Hash)
            {
                problems.Add(new AuditProblem(AuditProblemKinds.RowEdited, e.Sequence,
                    $"Gebeurtenis {e.Sequence} is gewijzigd: de inhoud past niet bij de vastgelegde hash."));
            }
            var expectedPrevious = previous?.Hash ?? Genesis;
            if (e.PreviousHash != expectedPrevious)
            {
                problems.Add(new AuditProblem(AuditProblemKinds.ChainBroken, e.Sequence,
                    previous is null
                        ? $"Gebeurtenis {e.Sequence} is de eerste, maar verwijst naar een voorganger: het begin van het spoor ontbreekt."
                        : $"Gebeurtenis {e.Sequence} verwijst niet naar gebeurtenis {previous.Sequence}: er is een rij ingevoegd, verwijderd of verplaatst."));
            }
            // No rule on time order: each event keeps the instant it happened on its node (AuditJournal), and events of
            // several nodes reach the chain a few milliseconds apart in either order. The order is the chain's: sequence
            // and previous hash; a moved row breaks both.
            previous = e;
            expected = e.Sequence + 1;
        }

        if (anchors.Count == 0)
        {
            if (count > 0)
            {
                problems.Add(new AuditProblem(AuditProblemKinds.AnchorsMissing, null,
                    "Er is geen anker van het auditspoor gevonden, dus een afgekapt einde kan niet worden uitgesloten. " +
                    "Schrijf een anker met 'chatarchive audit anchor' (de server doet dat elk uur) en controleer opnieuw."));
            }
            return problems;
        }
        var head = previous?.Sequence ?? 0;
        foreach (var a in anchors.OrderBy(a => a.Sequence))
        {
            if (a.Sequence > head)
            {
                problems.Add(new AuditProblem(AuditProblemKinds.Truncated, a.Sequence,
                    $"Het anker van {a.WrittenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC noemt gebeurtenis {a.Sequence}, maar het spoor eindigt bij {head}: " +
                    "de laatste gebeurtenissen zijn verwijderd (einde afgekapt)."));
            }
            else if (bySeq.TryGetValue(a.Sequence, out var row) && row.Hash != a.Hash)
            {
                problems.Add(new AuditProblem(AuditProblemKinds.AnchorMismatch, a.Sequence,
                    $"Gebeurtenis {a.Sequence} heeft een andere hash dan het anker van {a.WrittenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC: het spoor is herschreven."));
            }
        }
        return problems;
    }
}

/// <summary>One problem <c>chatarchive audit verify</c> reports: a stable kind, the row (when there is one) and Dutch text.</summary>
public sealed record AuditProblem(string Kind, long? Sequence, string Detail);

public static class AuditProblemKinds
{
    public const string RowEdited = "row-edited";
    public const string RowsMissing = "rows-missing";
    public const string ChainBroken = "chain-broken";
    public const string OutOfOrder = "out-of-order";
    public const string Truncated = "truncated";
    public const string AnchorMismatch = "anchor-mismatch";
    public const string AnchorsMissing = "anchors-missing";
    public const string AnchorUnreadable = "anchor-unreadable";
}
