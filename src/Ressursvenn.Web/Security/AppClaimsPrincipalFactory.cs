using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

/// <summary>Adds the user's one role to the principal. The user name (an e-mail address) is not put in the cookie.</summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> userManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(userManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        foreach (var claim in identity.FindAll(Options.ClaimsIdentity.UserNameClaimType).ToList())
        {
            identity.RemoveClaim(claim);
        }

        foreach (var claim in identity.FindAll(Options.ClaimsIdentity.EmailClaimType).ToList())
        {
            identity.RemoveClaim(claim);
        }

        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        return identity;
    }
}
