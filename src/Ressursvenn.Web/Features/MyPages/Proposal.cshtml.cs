using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Features.Matching;
using Ressursvenn.Web.Security;
using Ressursvenn.Web.Security.Resources;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// A proposal as the volunteer sees it (docs/domain.md §4.3): anonymised — the area (only the county when the woman's
/// identity is protected), languages, interests and needs; no name, no contact, nothing about risk. She must answer
/// whether she knows the woman, her family or her community before she can say yes or no. A yes to knowing her ends
/// the proposal and blocks the pair; she is only thanked, never told why it matters. Her coordinators get a neutral
/// e-mail for every answer.
/// </summary>
public sealed class ProposalModel(
    AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock, MatchWorkflowService workflow, MatchLoader loader, MyMatches matches, GeoIndex geo)
    : MyPageModel(db, mine, audit, clock)
{
    public Match Match { get; private set; } = null!;

    /// <summary>All she may know of the woman before the start meeting.</summary>
    public AnonymisedWoman Summary { get; private set; } = new();

    /// <summary>The municipality's name, or the county's when the woman's identity is protected.</summary>
    public string Area { get; private set; } = "–";

    [BindProperty]
    public long Version { get; set; }

    [BindProperty]
    [Display(Name = "MyProposal.KnowsHer")]
    public bool? KnowsHer { get; set; }

    public IReadOnlyList<SelectListItem> YesNo => [new(T("Common.Yes"), "true"), new(T("Common.No"), "false")];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenMatchAsync(id))
        {
            return Denied();
        }

        if (MyMatches.IsRunning(Match.Status))
        {
            return Redirect($"/min-side/kobling/{Match.Id}");
        }

        return await ShowAsync();
    }

    /// <param name="accept">The button she pressed: "Ja, jeg tar dette oppdraget" (true) or "Nei, ikke nå" (false).</param>
    public async Task<IActionResult> OnPostAsync(Guid id, bool? accept)
    {
        if (!await OpenMatchAsync(id))
        {
            return Denied();
        }

        if (KnowsHer is null && !(ModelState.TryGetValue(nameof(KnowsHer), out var entry) && entry.Errors.Count > 0))
        {
            ModelState.AddModelError(nameof(KnowsHer), T("MyProposal.KnowsHerRequired"));
        }

        if (accept is null)
        {
            ModelState.AddModelError(string.Empty, T("Common.UnknownChoice"));
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync();
        }

        var knowsHer = KnowsHer!.Value;
        var refusal = await workflow.VolunteerAnswersAsync(Match, Version, knowsHer, accept!.Value, HttpContext.RequestAborted);
        if (refusal is not null)
        {
            Audit.Take();
            Db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, T(refusal));
            if (!(await OpenMatchAsync(id) && MyMatches.IsProposal(Match.Status)))
            {
                return BackHome();
            }

            // The form renders the version explicitly: the reloaded one, except after a lost update, which keeps the
            // one she had so nothing is saved until the page is opened again.
            if (refusal != "Common.Concurrency")
            {
                Version = Match.Version;
            }

            return await ShowAsync();
        }

        // The same neutral thanks for "I know her" and "not now": nothing on her page tells the one from the other.
        StatusMessage = T(!knowsHer && accept.Value ? "MyProposal.Accepted" : "MyProposal.ThankYou");
        return BackHome();
    }

    /// <summary>Her record and her own match at a step she may see (tracked); false means 404.</summary>
    private async Task<bool> OpenMatchAsync(Guid id)
    {
        if (!await OpenAsync())
        {
            return false;
        }

        var operation = HttpMethods.IsPost(Request.Method) ? MatchOperation.Answer : MatchOperation.Read;
        var match = await loader.LoadAsync(User, id, operation, HttpContext.RequestAborted);
        if (match is null || !(MyMatches.IsProposal(match.Status) || MyMatches.IsRunning(match.Status)))
        {
            return false;
        }

        Match = match;
        return true;
    }

    private async Task<IActionResult> ShowAsync()
    {
        var ct = HttpContext.RequestAborted;
        var woman = await matches.WomanAsync(Match, Me!, MyMatches.View.Proposal, ct);
        if (woman is null)
        {
            return Denied();
        }

        var places = await geo.GetAsync(ct);
        Summary = MatchingProfiles.Anonymise(woman, places);
        Area = Summary.MunicipalityCode is { } code && places.Municipalities.TryGetValue(code, out var municipality) ? municipality.Name
            : Summary.CountyCode is { } county
                ? await Db.Counties.AsNoTracking().Where(c => c.Code == county).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "–"
                : "–";
        if (!HttpMethods.IsPost(Request.Method))
        {
            // A post shows the version it was built from (the hidden field renders this property).
            Version = Match.Version;
        }

        Audit.Record(AuditActions.MatchViewed, MatchWorkflowService.EntityType, Match.Id, "proposal");
        await Db.SaveChangesAsync(ct);
        return Page();
    }
}
