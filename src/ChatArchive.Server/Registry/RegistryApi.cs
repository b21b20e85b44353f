namespace ChatArchive.Server.Registry;

/// <summary>
/// The registry's HTTP surface under /api (issue 2): list (paged, filtered), get, create, update for
/// departments and their policy, officeholders, appointments, the onboarding inventory and users.
/// Every route requires a signed-in user (fallback policy) and filters by the caller's department.
/// </summary>
public static class RegistryApi
{
    public static void MapRegistryApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.AddEndpointFilter<Audit.AuditRegistryWritesFilter>();
        DepartmentEndpoints.MapDepartments(api);
        OfficeholderEndpoints.MapOfficeholders(api);
        AppointmentEndpoints.MapAppointments(api);
        BusinessDeviceEndpoints.MapBusinessDevices(api);
        AccountEndpoints.MapAccounts(api);
        ContactEndpoints.MapContacts(api);
        TrusteeEndpoints.MapTrustees(api);
        UserEndpoints.MapUsers(api);
    }
}
