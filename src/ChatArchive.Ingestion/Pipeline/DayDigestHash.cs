namespace ChatArchive.Ingestion.Pipeline;

/// <summary>
/// A cheap 64-bit hash of a message's identity (the same parts as <see cref="Fingerprint"/>, with
/// CR and invisible marks skipped), used only to sum a conversation-day into a digest so that a later
/// read-out can recognise an unchanged day without a SHA-256 per message. It never decides identity:
/// a day whose digest differs is merged row by row on the SHA-256 fingerprint, and two different days
/// summing to the same count and two 31-bit sums is a chance of about 2^-62.
/// FNV-1a over UTF-16 code units, finished with the SplitMix64 mixer (both public-domain constructions).
/// </summary>
public static class DayDigestHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static (long A, long B) Parts(string sender, DateTimeOffset sent, string text, bool deleted)
    {
        var h = Offset;
        h = Add(h, sender);
        h = (h ^ 0x1F) * Prime;
        var ticks = (ulong)sent.UtcTicks;
        for (var i = 0; i < 8; i++)
        {
            h = (h ^ (ticks & 0xFF)) * Prime;
            ticks >>= 8;
        }
        h = (h ^ (deleted ? 1UL : 0UL)) * Prime;
        h = Add(h, text);
        var a = Mix(h);
        var b = Mix(a ^ 0x9E3779B97F4A7C15UL);
        return ((long)(a >> 33), (long)(b >> 33));
    }

    private static ulong Add(ulong h, string s)
    {
        foreach (var c in s)
        {
            if (c is '\r' or '\u200E' or '\u200F' or '\uFEFF' or '\u2068' or '\u2069') continue;
            h = (h ^ c) * Prime;
        }
        return h;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
