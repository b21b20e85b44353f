using ChatArchive.Domain.Messages;

namespace ChatArchive.Ingestion.Abstractions;

// The contract every export reader implements. Readers stream: they yield items as they parse
// and never hold the whole export in memory (issue 3 §5). The ingestion pipeline turns the item
// stream into canonical conversations, fingerprints and findings.

/// <summary>One thing a reader found, in export order.</summary>
public abstract record ExportItem(string ConversationKey);

/// <summary>A conversation begins. <paramref name="ConversationKey"/> is stable within one export (file name, thread id, chat id).</summary>
public sealed record ConversationStarted(string ConversationKey, string Title, bool IsGroup, IReadOnlyList<string> Participants)
    : ExportItem(ConversationKey);

public sealed record MessageRead(string ConversationKey, CanonicalMessage Message, long? Line = null) : ExportItem(ConversationKey);

public sealed record SystemEventRead(string ConversationKey, SystemEvent Event, long? Line = null) : ExportItem(ConversationKey);

/// <summary>Optional: participants learned while reading (WhatsApp names only appear as senders).</summary>
public sealed record ConversationCompleted(string ConversationKey, IReadOnlyList<string> Participants) : ExportItem(ConversationKey);

/// <summary>Stable format names (the CLI's <c>--format</c> values and the <c>format</c> field of <c>inspect</c>).</summary>
public static class ExportFormats
{
    public const string WhatsAppAndroid = "whatsapp-android";
    public const string WhatsAppIos = "whatsapp-ios";
    public const string SignalExport = "signal-export";
    public const string SmsBackupRestore = "sms-backup-restore";
    public const string TelegramDesktop = "telegram-desktop";
    public const string IMessageExporter = "imessage-exporter";
    public const string TeamsGraph = "teams-graph";
    public const string EmailMbox = "email-mbox";
    public const string EmailEml = "email-eml";
    public const string EmailGraph = "email-graph";
    public const string XArchive = "x-archive";
    public const string InstagramArchive = "instagram-archive";
    public const string FacebookArchive = "facebook-archive";
    public const string LinkedInArchive = "linkedin-archive";

    public static readonly IReadOnlyList<string> All =
        [WhatsAppAndroid, WhatsAppIos, SignalExport, SmsBackupRestore, TelegramDesktop, IMessageExporter, TeamsGraph, EmailMbox, EmailEml, EmailGraph, XArchive, InstagramArchive, FacebookArchive, LinkedInArchive];
}

/// <summary>
/// A read-only view of an export: a single file, a folder, or a zip opened safely
/// (zip slip and zip bomb checks happen when the source is opened, before any reader runs).
/// Entry names use '/' and are relative to the export's root.
/// </summary>
public interface IExportSource : IDisposable
{
    /// <summary>What a person recognises: the file or folder name (never message content).</summary>
    string DisplayName { get; }

    IReadOnlyList<string> Entries { get; }

    bool Exists(string entry);

    long Length(string entry);

    Stream Open(string entry);
}

public interface IExportReader
{
    /// <summary>One of <see cref="ExportFormats"/>.</summary>
    string Format { get; }

    /// <summary>How sure this reader is that it understands <paramref name="source"/>: 0 (not at all) to 1 (certain). Reads only a small prefix.</summary>
    double Detect(IExportSource source);

    /// <summary>Streams the export's items. Bad input throws <see cref="ExportFormatException"/> with a Dutch message naming file and line.</summary>
    IEnumerable<ExportItem> Read(IExportSource source, CancellationToken cancellationToken = default);
}

/// <summary>An export that cannot be read. The message is Dutch, for the person who uploaded it, and names the file and, where it applies, the line.</summary>
public sealed class ExportFormatException(string message, string? file = null, long? line = null, Exception? inner = null)
    : Exception(message, inner)
{
    public string? File { get; } = file;
    public long? Line { get; } = line;
}
