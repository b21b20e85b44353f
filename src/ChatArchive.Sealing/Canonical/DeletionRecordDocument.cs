using ChatArchive.Sealing.Input;

namespace ChatArchive.Sealing.Canonical;

/// <summary>
/// Proof of lawful deletion (issue 5 §4): per removed message its fingerprint, label, reviewer, validator and dates,
/// and what happens to the raw export. It holds no text, sender or participant, so it may be sealed beside
/// the business messages (Handreiking §2.2.2 step 7).
/// </summary>
public static class DeletionRecordDocument
{
    public const string Format = "chatarchive-deletion-record/1";
    public const string FileName = "verwijderverantwoording.json";

    public static byte[] Write(ReadOutToSeal readOut)
    {
        var entries = readOut.Deletions
            .OrderBy(d => d.MessageSent.UtcTicks).ThenBy(d => d.Fingerprint, StringComparer.Ordinal).ToList();
        return CanonicalJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("readOutId", readOut.ReadOutId);
            w.WriteString("officeholderId", readOut.Officeholder.Id);
            w.WriteString("channel", readOut.Channel);
            w.WriteString("cleaningMode", readOut.Cleaning.ToString());
            w.WriteNumber("removedCount", entries.Count);
            w.WriteStartArray("removed");
            foreach (var d in entries)
            {
                w.WriteStartObject();
                w.WriteString("fingerprint", d.Fingerprint);
                w.WriteString("label", d.Label.ToString());
                w.WriteString("messageSent", CanonicalJson.Instant(d.MessageSent));
                w.WriteString("reviewedBy", d.ReviewedBy);
                w.WriteString("reviewedAt", CanonicalJson.Instant(d.ReviewedAt));
                w.WriteOptional("validatedBy", d.ValidatedBy);
                if (d.ValidatedAt is { } va) w.WriteString("validatedAt", CanonicalJson.Instant(va)); else w.WriteNull("validatedAt");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("rawExport");
            w.WriteOptional("vaultId", readOut.RawExport.VaultId);
            // The act itself happens after the package is committed; it is recorded in the store beside the package.
            w.WriteString("policy", readOut.RawExport.KeepRawDataset ? "keep" : "delete-after-sealing");
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
