using System.Security.Claims;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Who must use a second factor (SR9): staff always; volunteers when the national setting
/// <see cref="ProgrammeSettings.VolunteersRequireSecondFactor"/> is on. The setting is read from the database when it
/// is first needed in a request (scoped), so switching it on takes effect on the very next request.
/// </summary>
public sealed class SecondFactorRule(ProgrammeSettingsService settings)
{
    private bool? volunteersRequire;

    /// <summary>Whether this role must have used a code from the authenticator app to be let in.</summary>
    public async Task<bool> RequiredForAsync(string? role, CancellationToken ct = default)
    {
        if (Roles.RequiresMfa(role))
        {
            return true;
        }

        if (role != Roles.Volunteer)
        {
            return false;
        }

        volunteersRequire ??= (await settings.GetAsync(ct)).VolunteersRequireSecondFactor;
        return volunteersRequire.Value;
    }

    /// <summary>Whether this session was started with both factors.</summary>
    public static bool UsedSecondFactor(ClaimsPrincipal? user) => user?.HasClaim(Policies.MfaClaimType, Policies.MfaClaimValue) == true;
}
