using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Features.Account;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.Web.Features.Home;

/// <summary>The language switch: a form post (no JavaScript needed) that sets the language cookie and returns.</summary>
public sealed class LanguageModel(LoginCompletion urls) : AppPageModel
{
    public IActionResult OnGet() => Redirect("/");

    public IActionResult OnPost(string? culture, string? returnUrl)
    {
        var chosen = InfrastructureServiceCollectionExtensions.Cultures.FirstOrDefault(c => c.Name == culture)
            ?? InfrastructureServiceCollectionExtensions.Cultures[0];
        Response.Cookies.Append(
            InfrastructureServiceCollectionExtensions.CultureCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", IsEssential = true, MaxAge = TimeSpan.FromDays(365) });
        return LocalRedirect(urls.SafeReturnUrl(returnUrl));
    }
}
