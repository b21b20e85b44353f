using ChatArchive.Domain.Messages;
using ChatArchive.Persistence.ReadOuts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;

namespace ChatArchive.Web.Pages.Uitlezingen;

/// <summary>
/// Step 3: the information professional uploads one or more export files, each with its channel, and sees the detected
/// format and, once the workflow has read them in, the counts and findings. All files or none (the read-out service).
/// </summary>
[UploadSizeLimit]
public sealed class UploadModel(IReadOutService readOuts, IReadOutWebAccess access, ReadOutQueries queries, IReadOutSignals signals, IConfiguration configuration)
    : ReadOutPageModel(readOuts, access)
{
    /// <summary>Rows of the form: a file and its channel each.</summary>
    public const int Rows = 3;

    public static readonly IReadOnlyList<(string Value, string Name)> ChannelChoices =
    [
        (Channels.WhatsApp, "WhatsApp"), (Channels.Signal, "Signal"), (Channels.Sms, "Sms"), (Channels.IMessage, "iMessage"),
        (Channels.Telegram, "Telegram"), (Channels.Teams, "Microsoft Teams"), (Channels.Email, "E-mail"), (Channels.SocialMedia, "Sociale media"),
    ];

    public long MaxBytes => UploadLimits.MaxBytes(configuration);
    public IReadOnlyList<RegisteredUpload> Registered { get; private set; } = [];
    public IReadOnlyList<FindingView> Findings { get; private set; } = [];

    /// <summary>How many messages and conversations the exports brought in (from stage Ingested on, before the suggestions exist).</summary>
    public ReadInCounts ReadIn { get; private set; } = new(0, 0);
    public bool MayUpload => ReadOut.Stage is ReadOutStage.Planned or ReadOutStage.Uploaded;
    public bool Ingested => ReadOut.Stage >= ReadOutStage.Ingested;

    /// <summary>Read in, the findings answered or none open: the workflow's next step makes the suggestions (the part keeps polling).</summary>
    public bool Suggesting => ReadOut.Stage == ReadOutStage.Ingested && ReadOut.OpenFindings == 0;

    /// <summary>Read in with findings the professional must answer first: the workflow waits for them, not for time.</summary>
    public bool AwaitingFindings => ReadOut.Stage == ReadOutStage.Ingested && ReadOut.OpenFindings > 0;

    /// <summary>The state part asks again while the workflow works on its own: reading the export in, then making the suggestions.</summary>
    public bool Polling => (!Ingested && ReadOut.Uploads > 0) || Suggesting;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (!IsProfessional) return Forbidden();
        await ShowOutcomeAsync(ct);
        return Page();
    }

    /// <summary>Only the state part (htmx polls it while the workflow reads the export in).</summary>
    public async Task<IActionResult> OnGetStandAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (!IsProfessional) return Forbidden();
        await ShowOutcomeAsync(ct);
        return Partial("_UploadStand", this);
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (!IsProfessional) return Forbidden();
        var form = Request.HasFormContentType ? await Request.ReadFormAsync(ct) : null;
        var uploads = new List<ExportUpload>();
        var streams = new List<Stream>();
        try
        {
            for (var i = 0; i < Rows && form is not null; i++)
            {
                var file = form.Files.GetFile("file" + i);
                if (file is null || file.Length == 0 || string.IsNullOrWhiteSpace(file.FileName)) continue;
                var channel = form["channel" + i].ToString();
                if (!Channels.IsKnown(channel))
                {
                    Invalid($"Kies bij bestand {i + 1} ({Path.GetFileName(file.FileName)}) het kanaal waar de export vandaan komt. Er is niets opgeslagen.");
                    await ShowOutcomeAsync(ct);
                    return Page();
                }
                var stream = file.OpenReadStream();
                streams.Add(stream);
                uploads.Add(new ExportUpload(Path.GetFileName(file.FileName), channel, stream));
            }
            if (uploads.Count == 0)
            {
                Invalid("Kies ten minste één exportbestand (zip, txt, json of xml) en het kanaal. Er is niets opgeslagen.");
                await ShowOutcomeAsync(ct);
                return Page();
            }
            try
            {
                var result = await ReadOuts.RegisterUploadsAsync(id, uploads, Access.Professional(HttpContext), ct);
                await signals.UploadCompletedAsync(result.ReadOut, ct);
                Registered = result.Uploads;
                Message = result.Uploads.All(u => u.AlreadyRegistered)
                    ? "Deze export was al eerder geüpload; er is niets dubbel opgeslagen."
                    : $"{result.Uploads.Count(u => !u.AlreadyRegistered)} bestand(en) ontvangen en versleuteld opgeslagen.";
            }
            catch (ReadOutException e)
            {
                Refused(e);
                // All files or none (the read-out service): say so, as the page's own refusals do.
                Message = ReadOutWords.WithoutCommandLineAdvice(e.Message) + (e.Message.Contains("niets opgeslagen", StringComparison.Ordinal) ? "" : " Er is niets opgeslagen.");
            }
        }
        finally
        {
            foreach (var s in streams) await s.DisposeAsync();
        }
        await ReloadAsync(ct);
        await ShowOutcomeAsync(ct);
        return Page();
    }

    private async Task ShowOutcomeAsync(CancellationToken ct)
    {
        if (!Ingested) return;
        Findings = await queries.FindingsAsync(ReadOut.Id, ct);
        // Counted from the ingested messages, not from the suggestions: those are stored one workflow step later (stage Suggested).
        ReadIn = await queries.ReadInAsync(ReadOut.Id, ct);
    }

    /// <summary>The detected format in words; an unknown name is shown as it is.</summary>
    public static string Format(string format) => format switch
    {
        "whatsapp-android" => "WhatsApp-export van Android (tekst)",
        "whatsapp-ios" => "WhatsApp-export van iPhone (tekst)",
        "signal-export" => "Signal-export",
        "telegram-desktop" => "Telegram Desktop-export",
        "imessage-exporter" => "iMessage-export",
        "sms-backup-restore" => "Sms-back-up (SMS Backup & Restore)",
        "teams-graph" => "Microsoft Teams-export",
        "email-eml" => "E-mail (eml)",
        "email-mbox" => "E-mail (mbox)",
        "email-graph" => "E-mail (Microsoft 365)",
        "x-archive" => "X-archief",
        _ => format,
    };

    public static string Channel(string channel) => ChannelChoices.FirstOrDefault(c => c.Value == channel).Name ?? channel;
}
