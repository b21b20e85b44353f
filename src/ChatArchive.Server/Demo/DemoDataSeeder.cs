using ChatArchive.Domain.Registry;
using ChatArchive.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChatArchive.Server.Demo;

/// <summary>
/// Seeds <see cref="DemoRegistry"/> and the demo users into an empty registry, in one transaction:
/// either everything is there or nothing, so a crash during the first start is simply retried.
/// Users per ministry: process owner, information professional, trustee and one officeholder user
/// per appointment; government-wide: auditor, archivist, administrator. Display names are functions.
/// </summary>
public sealed class DemoDataSeeder(IDbContextFactory<ChatArchiveDbContext> dbFactory, TimeProvider clock, ILogger<DemoDataSeeder> logger)
{
    /// <summary>Returns false when the registry already holds departments (nothing is changed then).</summary>
    public async Task<bool> SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Set<Department>().AnyAsync(ct))
        {
            return false;
        }

        var departments = DemoRegistry.Departments.ToDictionary(d => d.Code, d => new Department { Code = d.Code, Name = d.Name });
        db.AddRange(departments.Values);
        await db.SaveChangesAsync(ct);

        foreach (var d in DemoRegistry.Departments)
        {
            var id = departments[d.Code].Id;
            db.Add(new DepartmentPolicySetting
            {
                DepartmentId = id,
                Frequency = d.Policy.Frequency,
                DeviceSeparation = d.Policy.DeviceSeparation,
                Cleaning = d.Policy.Cleaning,
                KeepRawDataset = d.Policy.KeepRawDataset,
                ExcludePrivateContacts = d.Policy.ExcludePrivateContacts,
                FourEyesRequired = true,
                Source = d.Policy.Source,
            });
            var code = d.Code.ToLowerInvariant();
            db.Add(new User { UserName = $"procesbeheerder.{code}", DisplayName = $"Procesbeheerder {d.Code}", Roles = [Roles.ProcessOwner], DepartmentId = id });
            db.Add(new User { UserName = $"informatieprofessional.{code}", DisplayName = $"Informatieprofessional {d.Code}", Roles = [Roles.InformationProfessional], DepartmentId = id });
        }
        db.Add(new User { UserName = "auditor", DisplayName = "Auditor (Auditdienst Rijk)", Roles = [Roles.Auditor] });
        db.Add(new User { UserName = "archivaris", DisplayName = "Archivaris", Roles = [Roles.Archivist] });
        db.Add(new User { UserName = "beheerder", DisplayName = "Functioneel beheerder", Roles = [Roles.Administrator] });

        var trustees = DemoRegistry.Departments.ToDictionary(d => d.Code, d => new User
        {
            UserName = $"vertrouwenspersoon.{d.Code.ToLowerInvariant()}",
            DisplayName = $"Vertrouwenspersoon {d.Code}",
            Roles = [Roles.Trustee],
            DepartmentId = departments[d.Code].Id,
        });
        db.AddRange(trustees.Values);

        var now = clock.GetUtcNow();
        var officeholders = new List<(DemoRegistry.DemoAppointment Row, Officeholder Officeholder)>();
        foreach (var a in DemoRegistry.Appointments)
        {
            var departmentId = departments[a.DepartmentCode].Id;
            var officeholder = new Officeholder
            {
                DepartmentId = departmentId,
                DisplayName = a.FunctionTitle,
                Kind = a.Kind,
                CreatedAt = now,
                Appointments = [new Appointment { DepartmentId = departmentId, FunctionTitle = a.FunctionTitle, StartsOn = a.StartsOn, EndsOn = a.EndsOn }],
            };
            officeholders.Add((a, officeholder));
            db.Add(officeholder);
        }
        await db.SaveChangesAsync(ct);

        foreach (var group in officeholders.GroupBy(o => o.Row.DepartmentCode))
        {
            var n = 0;
            foreach (var (row, officeholder) in group)
            {
                n++;
                db.Add(new User
                {
                    UserName = $"bewindspersoon.{row.DepartmentCode.ToLowerInvariant()}.{n}",
                    DisplayName = row.FunctionTitle,
                    Roles = [Roles.Officeholder],
                    DepartmentId = officeholder.DepartmentId,
                    OfficeholderId = officeholder.Id,
                });
                db.Add(new Trustee
                {
                    OfficeholderId = officeholder.Id,
                    UserId = trustees[row.DepartmentCode].Id,
                    DisplayName = $"Vertrouwenspersoon {row.DepartmentCode}",
                    StartsOn = row.StartsOn,
                });
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo registry seeded: {Departments} departments, {Appointments} appointments",
            departments.Count, officeholders.Count);
        return true;
    }
}
