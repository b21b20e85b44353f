using ChatArchive.Domain.Messages;

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>
/// Classifies WhatsApp system notices (FORMATS.md §1.6) on their stable parts, never on a whole
/// sentence: most Dutch wording is [L] or [M]. Unknown notices are kept as <see cref="SystemEventKind.Other"/>.
/// The actor is the name before the verb ("Anna heeft …", "Boris created group …"), as written.
/// </summary>
public static class SystemNoticeCatalog
{
    private readonly record struct Rule(SystemEventKind Kind, string[] AllOf, string[] Verbs);

    // Order matters: disappearing-message switches mention "berichten"; the encryption notice mentions "berichten" too.
    private static readonly Rule[] Rules =
    [
        new(SystemEventKind.DisappearingOff, ["disappearing messages", "turned off"], [" turned off"]),
        new(SystemEventKind.DisappearingOn, ["disappearing messages", "turned on"], [" turned on"]),
        new(SystemEventKind.DisappearingOn, ["updated the message timer"], [" updated"]),
        new(SystemEventKind.DisappearingOff, ["tijdelijke berichten", "uitgeschakeld"], [" heeft", " hebt", " heb"]),
        new(SystemEventKind.DisappearingOn, ["tijdelijke berichten", "ingeschakeld"], [" heeft", " hebt", " heb"]),
        new(SystemEventKind.DisappearingOff, ["vervaldatum", "uitgeschakeld"], [" heeft", " hebt", " heb"]),
        new(SystemEventKind.DisappearingOn, ["vervaldatum", "ingeschakeld"], [" heeft", " hebt", " heb"]),
        new(SystemEventKind.EncryptionNotice, ["end-to-end"], []),
        new(SystemEventKind.ViewOnce, ["view once"], []),
        new(SystemEventKind.ViewOnce, ["eenmalig bekijken"], []),
        new(SystemEventKind.GroupCreated, ["created group"], [" created group"]),
        new(SystemEventKind.GroupCreated, ["groep", "gemaakt"], [" heeft", " hebt"]),
        new(SystemEventKind.GroupRenamed, ["changed the subject"], [" changed the subject"]),
        new(SystemEventKind.GroupRenamed, ["changed the group name"], [" changed the group name"]),
        new(SystemEventKind.GroupRenamed, ["onderwerp", "gewijzigd"], [" heeft", " hebt"]),
        new(SystemEventKind.GroupRenamed, ["groepsnaam", "gewijzigd"], [" heeft", " hebt"]),
        new(SystemEventKind.NumberChanged, ["changed their phone number"], [" changed their phone number"]),
        new(SystemEventKind.NumberChanged, ["telefoonnummer"], [" heeft", " is"]),
        new(SystemEventKind.MemberJoined, ["joined using"], [" joined using"]),
        new(SystemEventKind.MemberJoined, ["uitnodigingslink"], [" heeft", " is"]),
        new(SystemEventKind.MemberAdded, [" added "], [" added "]),
        new(SystemEventKind.MemberAdded, ["toegevoegd"], [" heeft", " hebt"]),
        new(SystemEventKind.MemberRemoved, [" removed "], [" removed "]),
        new(SystemEventKind.MemberLeft, ["groep verlaten"], [" heeft", " hebt"]),
        new(SystemEventKind.MemberRemoved, ["verwijderd"], [" heeft", " hebt"]),
    ];

    /// <summary>The kind of a notice, or null when nothing in the catalogue matches.</summary>
    public static SystemEventKind? Classify(string strippedText, out string? actor)
    {
        actor = null;
        var lower = strippedText.ToLowerInvariant();
        foreach (var rule in Rules)
        {
            var all = true;
            foreach (var part in rule.AllOf)
            {
                if (!lower.Contains(part, StringComparison.Ordinal))
                {
                    all = false;
                    break;
                }
            }
            if (!all) continue;
            actor = ActorBefore(strippedText, lower, rule.Verbs);
            return rule.Kind;
        }
        // "X left" (FORMATS.md §1.6 [H]): the verb at the very end.
        if (lower.EndsWith(" left", StringComparison.Ordinal))
        {
            actor = strippedText[..^5].Trim();
            return SystemEventKind.MemberLeft;
        }
        // The well-known notices of the other phone languages (the data catalogue).
        return WhatsAppNoticeCatalog.Default.ClassifyNotice(strippedText);
    }

    private static string? ActorBefore(string text, string lower, string[] verbs)
    {
        foreach (var v in verbs)
        {
            var at = lower.IndexOf(v, StringComparison.Ordinal);
            if (at > 0) return text[..at].Trim();
        }
        return null;
    }

    /// <summary>Whether the text before an Android ": " looks like a notice rather than a name (a subject with a colon in it).</summary>
    public static bool LooksLikeNoticeNotName(ReadOnlySpan<char> candidateAuthor)
    {
        if (candidateAuthor.IndexOfAny('"', '“') >= 0) return true;
        // " heeft ", " hebt ", " changed ", " created ": looked for after each space (called for every header line twice).
        for (var i = candidateAuthor.IndexOf(' '); i >= 0 && i < candidateAuthor.Length - 1; i++)
        {
            var after = candidateAuthor[(i + 1)..];
            if (after.StartsWith("heeft ", StringComparison.Ordinal) || after.StartsWith("hebt ", StringComparison.Ordinal)
                || after.StartsWith("changed ", StringComparison.Ordinal) || after.StartsWith("created ", StringComparison.Ordinal))
            {
                return true;
            }
            var next = after.IndexOf(' ');
            if (next < 0) return false;
            i += next;
        }
        return false;
    }
}
