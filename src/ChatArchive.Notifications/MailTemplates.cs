using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using ChatArchive.Notifications.Outbox;
using ChatArchive.Notifications.Smtp;
using Fluid;

namespace ChatArchive.Notifications;

/// <summary>A mail's subject (first line of the template) and plain-text body (after the first blank line).</summary>
public sealed record RenderedMail(string Subject, string Body);

/// <summary>
/// Liquid (Fluid) templates per notification kind. Built-in Dutch templates are embedded; a process owner may
/// override one for the whole installation (<c>{folder}/{Kind}.liquid</c>) or for a department
/// (<c>{folder}/{DEPT}/{Kind}.liquid</c>). A template sees only: titel, departement, vervaldatum, link, soort —
/// ids, a workflow title and a date, so it cannot print message content, contact names or phone numbers.
/// </summary>
public sealed partial class MailTemplates(MailSettings settings)
{
    private static readonly FluidParser Parser = new();
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    private readonly ConcurrentDictionary<string, (DateTime Stamp, IFluidTemplate Template)> cache = new(StringComparer.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex SafeDepartment();

    /// <summary>"maandag 7 december 2026 om 17:00" in Amsterdam time.</summary>
    public static string FormatDutch(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Amsterdam);
        return local.ToString("dddd d MMMM yyyy 'om' HH:mm", Dutch);
    }

    public async Task<RenderedMail> RenderAsync(OutboxEntry entry, CancellationToken ct = default)
    {
        var template = Load(entry.Kind, entry.Department);
        var context = new TemplateContext();
        context.SetValue("titel", entry.Title ?? "");
        context.SetValue("departement", entry.Department ?? "");
        context.SetValue("vervaldatum", entry.DueAt is { } due ? FormatDutch(due) : "");
        context.SetValue("link", settings.BaseUrl.TrimEnd('/') + (entry.LinkPath ?? "/"));
        context.SetValue("soort", entry.Kind.ToString());
        ct.ThrowIfCancellationRequested();
        var text = (await template.RenderAsync(context)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf('\n', StringComparison.Ordinal);
        var subject = (split < 0 ? text : text[..split]).Trim();
        var body = split < 0 ? "" : text[(split + 1)..].TrimStart('\n');
        if (subject.Length == 0)
        {
            throw new InvalidOperationException($"Mail template for {entry.Kind} renders an empty subject (first line).");
        }
        return new RenderedMail(subject, body);
    }

    /// <summary>Parses a template text; the Dutch error names the line so a process owner can fix an override.</summary>
    public static IFluidTemplate Parse(string source, string name)
    {
        if (!Parser.TryParse(source, out var template, out var error))
        {
            throw new InvalidOperationException($"Het e-mailsjabloon '{name}' is geen geldige Liquid-tekst: {error}");
        }
        return template;
    }

    private IFluidTemplate Load(NotificationKind kind, string? department)
    {
        foreach (var path in OverridePaths(kind, department))
        {
            if (!File.Exists(path)) continue;
            var stamp = File.GetLastWriteTimeUtc(path);
            if (cache.TryGetValue(path, out var hit) && hit.Stamp == stamp) return hit.Template;
            var parsed = Parse(File.ReadAllText(path), path);
            cache[path] = (stamp, parsed);
            return parsed;
        }
        var key = "builtin:" + kind;
        if (cache.TryGetValue(key, out var builtin)) return builtin.Template;
        using var stream = typeof(MailTemplates).Assembly.GetManifestResourceStream($"templates/{kind}.liquid")
            ?? throw new InvalidOperationException($"No built-in mail template for {kind}.");
        using var reader = new StreamReader(stream);
        var template = Parse(reader.ReadToEnd(), kind + ".liquid");
        cache[key] = (DateTime.MinValue, template);
        return template;
    }

    private IEnumerable<string> OverridePaths(NotificationKind kind, string? department)
    {
        if (string.IsNullOrWhiteSpace(settings.TemplateFolder)) yield break;
        if (department is not null && SafeDepartment().IsMatch(department))
        {
            yield return Path.Combine(settings.TemplateFolder, department, kind + ".liquid");
        }
        yield return Path.Combine(settings.TemplateFolder, kind + ".liquid");
    }
}
