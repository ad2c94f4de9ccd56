using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Matching;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// The volunteer's running match (active or paused), role-shaped (SR7, DOMAIN.md §3): the woman's first or chosen
/// name, the agreed safe way and times to contact her, and — only when she consented to share it — her languages and
/// interests. Nothing else of her record reaches this page: the model holds only these fields. Every view is audited.
/// </summary>
public sealed class MyMatchModel(AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock, MatchWorkflowService workflow, MyMatches matches)
    : MyPageModel(db, mine, audit, clock)
{
    /// <summary>What the volunteer may know of the woman she meets.</summary>
    public sealed record WomanView(string Name, SafeContact Contact, IReadOnlyList<string>? Languages, IReadOnlyList<string>? Interests);

    public WomanView Woman { get; private set; } = null!;

    public bool IsPaused { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        if (!await OpenAsync())
        {
            return Denied();
        }

        var match = await workflow.FindForVolunteerAsync(id, Me!.Id, ct);
        if (match is null || !MyMatches.IsRunning(match.Status) || await matches.WomanAsync(match, Me, MyMatches.View.Contact, ct) is not { } woman)
        {
            return Denied();
        }

        var shared = woman.HasConsent(ConsentKind.ShareWithVolunteer);
        var profile = woman.Profile;
        Woman = new WomanView(woman.Name, woman.Contact, shared ? profile.Languages : null, shared ? profile.Interests : null);
        IsPaused = match.Status == MatchStatus.Paused;
        Audit.Record(AuditActions.MatchViewed, MatchWorkflowService.EntityType, match.Id);
        await Db.SaveChangesAsync(ct);
        return Page();
    }
}
