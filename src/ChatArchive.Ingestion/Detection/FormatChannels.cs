using ChatArchive.Domain.Messages;
using ChatArchive.Ingestion.Abstractions;

namespace ChatArchive.Ingestion.Detection;

/// <summary>The channel each export format belongs to, so a WhatsApp export is never stored as the Signal channel.</summary>
public static class FormatChannels
{
    public static string ChannelOf(string format) => format switch
    {
        ExportFormats.WhatsAppAndroid or ExportFormats.WhatsAppIos => Channels.WhatsApp,
        ExportFormats.SignalExport => Channels.Signal,
        ExportFormats.SmsBackupRestore => Channels.Sms,
        ExportFormats.TelegramDesktop => Channels.Telegram,
        ExportFormats.IMessageExporter => Channels.IMessage,
        ExportFormats.TeamsGraph => Channels.Teams,
        ExportFormats.EmailMbox or ExportFormats.EmailEml or ExportFormats.EmailGraph => Channels.Email,
        ExportFormats.XArchive or ExportFormats.InstagramArchive or ExportFormats.FacebookArchive or ExportFormats.LinkedInArchive => Channels.SocialMedia,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format."),
    };
}
