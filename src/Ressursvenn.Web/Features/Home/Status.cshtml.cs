using Microsoft.AspNetCore.Mvc;

namespace Ressursvenn.Web.Features.Home;

/// <summary>Pages for 404 (also every denied record, SR5) and other status codes, in the user's language.</summary>
/// <remarks>
/// A refused POST is re-executed here as a POST: its antiforgery token is missing or unreadable (that is often why
/// it was refused), so this page must not check it again, or the answer would be an empty 400 instead of this page.
/// </remarks>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : AppPageModel
{
    public int Code { get; private set; }

    public void OnGet() => Code = RouteCode();

    public void OnPost() => Code = RouteCode();

    /// <summary>From the route, not model binding: a posted form the reader refused (why we are here) must not hide the code.</summary>
    private int RouteCode() =>
        int.TryParse(RouteData.Values["code"] as string, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : 0;
}
