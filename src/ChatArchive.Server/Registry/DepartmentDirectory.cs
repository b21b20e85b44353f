using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Registry;

/// <summary>Department ids ↔ codes for one request (the table is small: tens of rows).</summary>
public sealed class DepartmentDirectory
{
    private readonly Dictionary<long, string> _codes;
    private readonly Dictionary<string, long> _ids;

    private DepartmentDirectory(List<Department> departments)
    {
        _codes = departments.ToDictionary(d => d.Id, d => d.Code);
        _ids = departments.ToDictionary(d => d.Code, d => d.Id, StringComparer.OrdinalIgnoreCase);
    }

    public static async Task<DepartmentDirectory> LoadAsync(ChatArchiveDbContext db, CancellationToken ct) =>
        new(await db.Set<Department>().AsNoTracking().ToListAsync(ct));

    public string Code(long id) => _codes.TryGetValue(id, out var c) ? c : "?";

    public long? Id(string? code) => code is not null && _ids.TryGetValue(code.Trim(), out var id) ? id : null;

    /// <summary>Resolves a department code from a request; an unknown code is a field error naming the known codes.</summary>
    public long? Resolve(FieldErrors errors, string field, string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            errors.Add(field, "Vul de departementscode in (bijvoorbeeld BZK).");
            return null;
        }
        if (Id(code) is { } id) return id;
        errors.Add(field, $"Departement '{code.Trim()}' bestaat niet in het register. Kies een bestaande code: {string.Join(", ", _ids.Keys.Order(StringComparer.Ordinal))}.");
        return null;
    }
}
