using ChatArchive.Ingestion.Abstractions;
using ChatArchive.Ingestion.IMessage;
using ChatArchive.Ingestion.Signal;
using ChatArchive.Ingestion.Sms;
using ChatArchive.Ingestion.Teams;
using ChatArchive.Ingestion.Telegram;

namespace ChatArchive.Ingestion.Formats;

/// <summary>
/// The non-WhatsApp readers of issue 3, for the detection registry to take in with one line
/// (e.g. <c>readers.AddRange(OtherReaders.All)</c>). Readers hold no state, so one instance each serves every read.
/// </summary>
public static class OtherReaders
{
    public static IReadOnlyList<IExportReader> All { get; } =
    [
        new SignalExportReader(),
        new SmsBackupReader(),
        new TelegramDesktopReader(),
        new IMessageExporterReader(),
        new TeamsGraphReader(),
    ];
}
