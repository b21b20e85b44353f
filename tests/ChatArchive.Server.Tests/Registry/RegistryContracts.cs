using ChatArchive.Server.Registry;

namespace ChatArchive.Server.Tests.Registry;

/// <summary>Short names for the API's response types as tests read them.</summary>
internal static class RegistryContracts
{
    public const string Officeholders = "/api/officeholders";
}

internal sealed record OfficeholderPage(IReadOnlyList<OfficeholderEndpoints.OfficeholderResponse> Items, int PageNumber, int PageSize, int Total);

internal sealed record DepartmentPage(IReadOnlyList<DepartmentEndpoints.DepartmentResponse> Items, int PageNumber, int PageSize, int Total);

internal sealed record AppointmentPage(IReadOnlyList<AppointmentEndpoints.AppointmentResponse> Items, int PageNumber, int PageSize, int Total);
