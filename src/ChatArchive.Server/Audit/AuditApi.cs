using System.Globalization;
using System.Text;
using ChatArchive.Domain.Registry;
using ChatArchive.Persistence.Audit;
using ChatArchive.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatArchive.Server.Audit;

/// <summary>
/// <c>GET /api/audit</c> for auditors and administrators: the audit trail, newest first, paged
/// (<c>page</c>, <c>pageSize</c> ≤ 1,000), filtered by time (<c>from</c>, <c>to</c>: ISO date or instant, from inclusive,
/// to exclusive), <c>action</c> and <c>user</c> (user id); <c>?format=csv</c> exports every matching row.
/// The trail holds ids and codes only, never message text, names or phone numbers.
/// </summary>
public static class AuditApi
{
    public sealed record AuditEventDto(long Sequence, DateTimeOffset At, string User, string Role, string? Department, string Action,
        string ObjectType, string ObjectId, string Outcome, string Hash);

    public sealed record AuditPageDto(IReadOnlyList<AuditEventDto> Items, int Page, int PageSize, long Total);

    public static void MapAuditApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/audit").RequireAuthorization().WithTags("Auditspoor");
        api.MapGet("", ListAsync);
    }

    private static async Task<Results<Ok<AuditPageDto>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ListAsync(
        HttpContext context, IAuditTrail trail, string? from, string? to, string? action, string? user, int? page, int? pageSize, string? format, CancellationToken ct)
    {
        var me = context.GetCurrentUser();
        if (!me.IsInRole(Roles.Auditor) && !me.IsInRole(Roles.Administrator))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Geen toegang",
                detail: "Het auditspoor is alleen in te zien door auditors en beheerders. Vraag de beheerder om de rol auditor.");
        }
        var errors = new Dictionary<string, string[]>();
        var fromAt = ParseInstant(from, "from", errors);
        var toAt = ParseInstant(to, "to", errors);
        if (fromAt is not null && toAt is not null && toAt <= fromAt) errors["to"] = ["'to' moet na 'from' liggen."];
        var csv = format is not null && string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (format is not null && !csv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)) errors["format"] = ["Kies format=csv of laat format weg (JSON)."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "De zoekvraag voor het auditspoor is niet geldig");

        if (!csv)
        {
            var result = await trail.QueryAsync(new AuditQuery(fromAt, toAt, Blank(action), Blank(user), page ?? 1, pageSize ?? 100), ct);
            return TypedResults.Ok(new AuditPageDto(result.Items.Select(Dto).ToList(), result.Page, result.PageSize, result.Total));
        }

        var sb = new StringBuilder("volgnummer;tijdstip_utc;gebruiker;rol;afdeling;actie;objecttype;objectid;uitkomst;hash\r\n");
        for (var p = 1; ; p++)
        {
            var chunk = await trail.QueryAsync(new AuditQuery(fromAt, toAt, Blank(action), Blank(user), p, 1000), ct);
            foreach (var e in chunk.Items)
            {
                sb.AppendJoin(';', new[]
                {
                    e.Sequence.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    e.Actor, e.Role, e.Department ?? "", e.Action, e.ObjectType, e.ObjectId, e.Outcome, e.Hash,
                }.Select(Cell)).Append("\r\n");
            }
            if (chunk.Items.Count < 1000) break;
        }
        // Exporting the trail is itself an event.
        await context.AuditAsync(AuditActions.AuditExport, "audit-trail", "csv");
        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(sb.ToString())).ToArray(), "text/csv; charset=utf-8",
            $"auditspoor-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.csv");
    }

    private static AuditEventDto Dto(AuditEvent e) => new(e.Sequence, e.At, e.Actor, e.Role, e.Department, e.Action, e.ObjectType, e.ObjectId, e.Outcome, e.Hash);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static DateTimeOffset? ParseInstant(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            // A date is a day in Dutch time (Europe/Amsterdam), from its start.
            var tz = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
            var local = day.ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(local, tz.GetUtcOffset(local));
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        errors[field] = [$"'{text}' is geen datum of tijdstip; gebruik bijv. 2024-09-16 of 2024-09-16T08:00:00Z."];
        return null;
    }

    /// <summary>A CSV cell: quoted when needed, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula.</summary>
    private static string Cell(string value)
    {
        if (value.Length > 1 && value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
