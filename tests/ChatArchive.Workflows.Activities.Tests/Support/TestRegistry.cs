using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;

namespace ChatArchive.Workflows.Activities.Tests.Support;

/// <summary>Registry rows made for a test: a department with officeholders (by function, no personal names), users and trustees.</summary>
public sealed class TestRegistry(Func<ChatArchiveDbContext> db)
{
    public async Task<Department> DepartmentAsync(string code, string name)
    {
        await using var c = db();
        var d = new Department { Code = code, Name = name };
        c.Add(d);
        await c.SaveChangesAsync();
        return d;
    }

    public async Task<Officeholder> OfficeholderAsync(Department department, string function, DateOnly startsOn, DateOnly? endsOn = null)
    {
        await using var c = db();
        var o = new Officeholder { DepartmentId = department.Id, DisplayName = function, Kind = OfficeholderKind.Minister, CreatedAt = DateTimeOffset.UtcNow };
        c.Add(o);
        await c.SaveChangesAsync();
        c.Add(new Appointment { OfficeholderId = o.Id, DepartmentId = department.Id, FunctionTitle = function, StartsOn = startsOn, EndsOn = endsOn });
        await c.SaveChangesAsync();
        return o;
    }

    public async Task<Appointment> AppointmentOfAsync(Officeholder o)
    {
        await using var c = db();
        return c.Set<Appointment>().Single(a => a.OfficeholderId == o.Id);
    }

    public async Task SetEndDateAsync(Officeholder o, DateOnly endsOn)
    {
        await using var c = db();
        var a = c.Set<Appointment>().Single(x => x.OfficeholderId == o.Id);
        a.EndsOn = endsOn;
        await c.SaveChangesAsync();
    }

    public async Task<User> UserAsync(string userName, Department? department, string role, long? officeholderId = null, bool active = true)
    {
        await using var c = db();
        var u = new User
        {
            UserName = userName, DisplayName = userName, Roles = [role], DepartmentId = department?.Id, OfficeholderId = officeholderId, IsActive = active,
        };
        c.Add(u);
        await c.SaveChangesAsync();
        return u;
    }

    public async Task<Trustee> TrusteeAsync(Officeholder o, User user, DateOnly startsOn, DateOnly? endsOn = null)
    {
        await using var c = db();
        var t = new Trustee { OfficeholderId = o.Id, UserId = user.Id, DisplayName = "Vertrouwenspersoon " + o.DisplayName, StartsOn = startsOn, EndsOn = endsOn };
        c.Add(t);
        await c.SaveChangesAsync();
        return t;
    }
}
