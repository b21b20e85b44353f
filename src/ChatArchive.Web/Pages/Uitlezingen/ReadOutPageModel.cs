using ChatArchive.Persistence.ReadOuts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ChatArchive.Web.Pages.Uitlezingen;

/// <summary>
/// Base of the read-out pages: loads the read-out and what the signed-in user may see of it through
/// <see cref="IReadOutWebAccess"/> (the API's rules). A read-out the user may not see is a 404, as in the API.
/// </summary>
public abstract class ReadOutPageModel(IReadOutService readOuts, IReadOutWebAccess access) : WebPageModel
{
    protected IReadOutService ReadOuts { get; } = readOuts;
    protected IReadOutWebAccess Access { get; } = access;

    public ReadOutState ReadOut { get; protected set; } = null!;
    public ReadOutPageView View { get; private set; }

    /// <summary>A Dutch message for the user after an action (success or refusal).</summary>
    public string? Message { get; protected set; }
    public bool MessageIsError { get; protected set; }

    public bool IsProfessional => View == ReadOutPageView.Professional;

    /// <summary>Null when the read-out may be shown; else the 404 result.</summary>
    protected async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var ro = await ReadOuts.GetAsync(id, ct);
        if (ro is null) return NotFound();
        var view = await Access.ViewAsync(HttpContext, ro, ct);
        if (view == ReadOutPageView.None) return NotFound();
        ReadOut = ro;
        View = view;
        return null;
    }

    protected IActionResult Forbidden() => StatusCode(StatusCodes.Status403Forbidden);

    /// <summary>Shows a refusal of the read-out service on the page itself, with the status the API would give.</summary>
    protected void Refused(ReadOutException e)
    {
        Message = e.Message;
        MessageIsError = true;
        Response.StatusCode = e.Problem switch
        {
            ReadOutProblem.NotFound => StatusCodes.Status404NotFound,
            ReadOutProblem.Forbidden => StatusCodes.Status403Forbidden,
            ReadOutProblem.OutOfOrder or ReadOutProblem.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
    }

    protected void Invalid(string message)
    {
        Message = message;
        MessageIsError = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }

    protected async Task ReloadAsync(CancellationToken ct) => ReadOut = await ReadOuts.GetAsync(ReadOut.Id, ct) ?? ReadOut;
}
