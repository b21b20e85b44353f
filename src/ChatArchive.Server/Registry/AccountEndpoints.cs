using ChatArchive.Domain.Registry;

namespace ChatArchive.Server.Registry;

/// <summary>E-mail and social media accounts, marked corporate, hybrid or personal (Handreiking §2.3).</summary>
public static class AccountEndpoints
{
    public sealed record AccountResponse(long Id, long OfficeholderId, AccountChannel Channel, string Service, string Address, AccountUsage Usage, int Version);

    public sealed record AccountRequest(string? Channel, string? Service, string? Address, string? Usage, int? Version);

    public static void MapAccounts(RouteGroupBuilder api)
    {
        api.MapGet("/officeholders/{officeholderId:long}/accounts", ([AsParameters] RegistryRequest r, long officeholderId, int? page, int? pageSize) =>
            OfficeholderChildEndpoints.ListAsync<Account, AccountResponse>(r, officeholderId, page, pageSize, ToResponse, visibleRows: VisibleRows)).WithTags("Accounts");
        api.MapPost("/officeholders/{officeholderId:long}/accounts", ([AsParameters] RegistryRequest r, long officeholderId, AccountRequest request) =>
            OfficeholderChildEndpoints.CreateAsync(r, officeholderId, "/api/accounts", (e, _, _) => Task.FromResult(Validate(e, request, null)), ToResponse)).WithTags("Accounts");
        api.MapGet("/accounts/{id:long}", ([AsParameters] RegistryRequest r, long id) =>
            OfficeholderChildEndpoints.GetAsync<Account, AccountResponse>(r, id, "Account", ToResponse, visibleRows: VisibleRows)).WithTags("Accounts");
        api.MapPut("/accounts/{id:long}", ([AsParameters] RegistryRequest r, long id, AccountRequest request) =>
            OfficeholderChildEndpoints.UpdateAsync<Account, AccountResponse>(r, id, request.Version, "Account",
                (e, _, _, account) => { Validate(e, request, account); return Task.CompletedTask; }, ToResponse)).WithTags("Accounts");
    }

    /// <summary>
    /// Private accounts (usage Personal, e.g. a private e-mail address) are personal data outside the archive's purpose:
    /// auditors and archivists see only business and hybrid accounts (AVG art. 5(1)(c), data minimisation);
    /// those who manage the inventory and the officeholder or trustee themselves see all.
    /// </summary>
    private static IQueryable<Account> VisibleRows(RegistryScope scope, IQueryable<Account> accounts) =>
        scope.MaySeePrivateRecords ? accounts : accounts.Where(a => a.Usage != AccountUsage.Personal);

    private static Account? Validate(FieldErrors errors, AccountRequest request, Account? target)
    {
        var before = errors.Count;
        var channel = errors.RequiredEnum<AccountChannel>("channel", request.Channel, "het kanaal");
        var service = errors.Required("service", request.Service, "de dienst (bijvoorbeeld Outlook, X of LinkedIn)", 100);
        var address = errors.Required("address", request.Address, "het adres of de accountnaam", 320);
        var usage = errors.RequiredEnum<AccountUsage>("usage", request.Usage, "het gebruik (zakelijk, hybride of privé)");
        if (channel == AccountChannel.Email && address is not null && !address.Contains('@', StringComparison.Ordinal))
        {
            errors.Add("address", "Een e-mailaccount heeft een e-mailadres met een @, bijvoorbeeld minister@minbzk.nl.");
        }
        if (errors.Count != before) return null;
        var account = target ?? new Account();
        account.Channel = channel!.Value;
        account.Service = service!;
        account.Address = address!;
        account.Usage = usage!.Value;
        return account;
    }

    private static AccountResponse ToResponse(Account a) => new(a.Id, a.OfficeholderId, a.Channel, a.Service, a.Address, a.Usage, a.Version);
}
