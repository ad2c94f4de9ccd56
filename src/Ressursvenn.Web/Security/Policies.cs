using Microsoft.AspNetCore.Authorization;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

/// <summary>
/// The named authorization policies. Every endpoint carries one of these (or is on the short public
/// allow-list); the access-matrix test enumerates the endpoints and checks it (SR4, SR6).
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user who has completed the login her role requires.</summary>
    public const string SignedIn = "SignedIn";
    public const string NationalAdmin = "NationalAdmin";
    public const string Coordinator = "Coordinator";
    public const string CrisisCentreStaff = "CrisisCentreStaff";
    public const string Volunteer = "Volunteer";
    public const string AuditReader = "AuditReader";

    /// <summary>Who sees the e-mails that could not be sent: coordinators (their associations') and national admins (the rest).</summary>
    public const string MessageReader = "MessageReader";

    /// <summary>Who may read referrals: the referring centre (status only) and the receiving association's coordinators.</summary>
    public const string ReferralReader = "ReferralReader";

    public const string MfaClaimType = "amr";
    public const string MfaClaimValue = "mfa";

    /// <summary>The roles each policy admits; the access-matrix test derives its expectations from this.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RolesByPolicy =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [SignedIn] = Roles.All,
            [NationalAdmin] = [Roles.NationalAdmin],
            [Coordinator] = [Roles.Coordinator],
            [CrisisCentreStaff] = [Roles.CrisisCentreStaff],
            [Volunteer] = [Roles.Volunteer],
            [AuditReader] = [Roles.NationalAdmin, Roles.PrivacyOfficer],
            [ReferralReader] = [Roles.CrisisCentreStaff, Roles.Coordinator],
            [MessageReader] = [Roles.NationalAdmin, Roles.Coordinator],
        };

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (name, roles) in RolesByPolicy)
        {
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles).RequireAssertion(HasCompletedLoginAsync));
        }

        // Deny by default: an endpoint that names no policy still needs a completed login.
        options.FallbackPolicy = options.GetPolicy(SignedIn);
    }

    /// <summary>
    /// Staff roles must have used their second factor in this session (SR9); volunteers too when the national setting
    /// says so (read per request, see <see cref="SecondFactorRule"/>). Without the request to read the setting from,
    /// a volunteer without the second factor is refused (fail closed).
    /// </summary>
    private static async Task<bool> HasCompletedLoginAsync(AuthorizationHandlerContext context)
    {
        if (SecondFactorRule.UsedSecondFactor(context.User))
        {
            return true;
        }

        var role = context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value;
        if (role != Roles.Volunteer)
        {
            return !Roles.RequiresMfa(role);
        }

        return context.Resource is HttpContext http
            && !await http.RequestServices.GetRequiredService<SecondFactorRule>().RequiredForAsync(role, http.RequestAborted);
    }
}
