using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Features.Messages;

/// <summary>
/// "E-mails that could not be sent" (/epost-feil): the outbox's failures for the coordinator's associations or, for a
/// national admin, those of no association, each with "Send again". Reached from the home page's notice.
/// </summary>
public sealed class IndexModel(UndeliveredMessages messages) : AppPageModel
{
    public IReadOnlyList<UndeliveredMessages.Item> Items { get; private set; } = [];

    private bool NationalAdmin => User.IsInRole(Roles.NationalAdmin);

    public async Task OnGetAsync() => Items = await messages.ListAsync(NationalAdmin, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostRetryAsync(Guid id)
    {
        if (!await messages.RetryAsync(id, NationalAdmin, HttpContext.RequestAborted))
        {
            return Denied();
        }

        StatusMessage = T("Undelivered.Retried");
        return RedirectToPage();
    }
}
