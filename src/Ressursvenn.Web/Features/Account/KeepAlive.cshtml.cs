using Microsoft.AspNetCore.Mvc;

namespace Ressursvenn.Web.Features.Account;

/// <summary>"Stay logged in" from the session-warning dialog: any authorised request renews the idle timer.</summary>
public sealed class KeepAliveModel : AppPageModel
{
    public IActionResult OnGet() => NotFound();

    public IActionResult OnPost() => new NoContentResult();
}
