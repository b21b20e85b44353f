using Microsoft.Extensions.Configuration;

namespace ChatArchive.Notifications.Smtp;

/// <summary>How the SMTP server is reached. <see cref="Auto"/> = STARTTLS when offered.</summary>
public enum SmtpTlsMode
{
    None,
    StartTls,
    SslOnConnect,
    Auto,
}

/// <summary>
/// Mail settings from configuration section <c>ChatArchive:Mail</c> (README "Configuratie"). Mail is off
/// when no host is set: outbox rows are still written and wait until a host is configured.
/// </summary>
public sealed record MailSettings
{
    public const string Section = "ChatArchive:Mail";
    public const string HostKey = "ChatArchive:Mail:Host";
    public const string PortKey = "ChatArchive:Mail:Port";
    public const string TlsKey = "ChatArchive:Mail:Tls";
    public const string UserNameKey = "ChatArchive:Mail:UserName";
    public const string PasswordKey = "ChatArchive:Mail:Password";
    public const string FromKey = "ChatArchive:Mail:From";
    public const string BaseUrlKey = "ChatArchive:Mail:BaseUrl";
    public const string TemplateFolderKey = "ChatArchive:Mail:TemplateFolder";

    public string? Host { get; init; }
    public int Port { get; init; } = 25;
    public SmtpTlsMode Tls { get; init; } = SmtpTlsMode.Auto;
    public string? UserName { get; init; }
    public string? Password { get; init; }

    /// <summary>Sender address, e.g. <c>"Chatarchief BZK" &lt;chatarchief@bzk.example&gt;</c>.</summary>
    public string From { get; init; } = "Chatarchief <chatarchief@localhost>";

    /// <summary>Public address of the web application; task links are <c>{BaseUrl}/taken/{id}</c>.</summary>
    public string BaseUrl { get; init; } = "http://localhost:8080";

    /// <summary>Folder with department overrides: <c>{folder}/{DEPT}/{kind}.liquid</c> or <c>{folder}/{kind}.liquid</c>.</summary>
    public string? TemplateFolder { get; init; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public static MailSettings FromConfiguration(IConfiguration configuration)
    {
        var port = configuration[PortKey];
        var tls = configuration[TlsKey];
        var settings = new MailSettings
        {
            Host = configuration[HostKey],
            UserName = configuration[UserNameKey],
            Password = configuration[PasswordKey],
            TemplateFolder = configuration[TemplateFolderKey],
        };
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (!int.TryParse(port, out var p) || p is < 1 or > 65535)
            {
                throw new InvalidOperationException($"{PortKey} must be a port number (1-65535), got '{port}'.");
            }
            settings = settings with { Port = p };
        }
        if (!string.IsNullOrWhiteSpace(tls))
        {
            // By name only: a number or a typo is refused, never silently a weaker mode.
            if (!Enum.GetNames<SmtpTlsMode>().Contains(tls, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{TlsKey} must be one of None, StartTls, SslOnConnect, Auto; got '{tls}'.");
            }
            settings = settings with { Tls = Enum.Parse<SmtpTlsMode>(tls, ignoreCase: true) };
        }
        if (configuration[FromKey] is { Length: > 0 } from) settings = settings with { From = from };
        if (configuration[BaseUrlKey] is { Length: > 0 } baseUrl) settings = settings with { BaseUrl = baseUrl.TrimEnd('/') };
        return settings;
    }
}
