using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features;

/// <summary>
/// Who may open the pages of each folder under <c>Features/</c> (SR4, SR5), in one table. Every page must be either
/// one of the few <see cref="PublicPages"/> or in a folder listed in <see cref="FolderPolicies"/>: a page anywhere else
/// stops the app at start (<see cref="PagesWithoutRoles"/>), so a new folder cannot quietly open to every signed-in role.
/// </summary>
public static class PageAccess
{
    /// <summary>
    /// The policy of each feature folder. "/Account" is for every signed-in person on purpose (her own account); all
    /// others name a role.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> FolderPolicies = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/Account"] = Policies.SignedIn,
        ["/Admin"] = Policies.NationalAdmin,
        ["/Audit"] = Policies.AuditReader,
        ["/Referrals"] = Policies.CrisisCentreStaff,
        ["/Participants"] = Policies.Coordinator,
        ["/Volunteers"] = Policies.Coordinator,
        ["/Matching"] = Policies.Coordinator,
        ["/BreakGlass"] = Policies.NationalAdmin,
        // The mail viewer shows invitation and reset links: a national admin only, and only when switched on.
        ["/Dev"] = Policies.NationalAdmin,
        ["/MyPages"] = Policies.Volunteer,
        ["/Messages"] = Policies.MessageReader,
    };

    /// <summary>The short public allow-list (SR4). The access-matrix test holds the same list and fails on any other open page.</summary>
    public static readonly IReadOnlyList<string> PublicPages =
    [
        "/Index",
        "/Home/About",
        "/Home/SafeBrowsing",
        "/Home/QuickExit",
        "/Home/Language",
        "/Home/Error",
        "/Home/Status",
        "/Account/Login",
        "/Account/LoginCode",
        "/Account/LoginEnrol",
        "/Account/ForgotPassword",
        "/Account/ResetPassword",
        "/Account/AcceptInvitation",
        "/Account/Setup",
        "/Apply/Index",
        "/Apply/Thanks",
    ];

    /// <summary>The pages (view-engine paths such as "/Admin/Users") that are neither public nor in a listed folder.</summary>
    public static IReadOnlyList<string> PagesWithoutRoles(IEnumerable<string> pages) =>
        pages.Where(page => !PublicPages.Contains(page, StringComparer.Ordinal)
                            && !FolderPolicies.Keys.Any(folder => page.StartsWith(folder + "/", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Refuses to start when a page has no entry (called once the app is built, before it serves).</summary>
    public static void EnsureEveryPageHasARole(IEnumerable<string> pages)
    {
        var missing = PagesWithoutRoles(pages);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"These pages have no role: {string.Join(", ", missing)}. Add their folder to PageAccess.FolderPolicies (or the page to PageAccess.PublicPages).");
        }
    }
}
