using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Security;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// A coordinator's matching page about one waiting woman (suggestions, side by side): her record is opened through
/// <see cref="ParticipantLoader"/> (404 outside her association), each view is one <see cref="AuditActions.SuggestionsViewed"/>
/// entry, and proposing works the same from every page — every hard rule checked again on fresh data, a refusal shown
/// at the top with its reasons and the page still usable, a success taken to the new match.
/// </summary>
public abstract class MatchingPageModel(
    AppDbContext db, ParticipantLoader access, AuditTrail audit, TimeProvider clock, MatchingService matching, GeoIndex geo)
    : ParticipantPageModel(db, access, audit, clock)
{
    protected MatchingService Matching => matching;

    protected GeoIndex Geo => geo;

    public DateOnly Today => matching.Today;

    /// <summary>The reasons a proposal was just refused, in words (shown under the message at the top).</summary>
    public IReadOnlyList<string> RefusalReasons { get; private set; } = [];

    /// <summary>Her area as she may be described here (see <see cref="AreaAsync"/>).</summary>
    public string Area { get; protected set; } = "–";

    /// <summary>Her open proposal or match, when she has one (she can then get no other proposal).</summary>
    public Guid? OpenMatchId { get; private set; }

    /// <summary>The UI texts, for <see cref="MatchingTexts"/>.</summary>
    protected IStringLocalizer<SharedResource> Texts => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();

    protected Guid? UserId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Proposes the volunteer for her: the new match's page on success, null when refused (the page shows why).</summary>
    protected async Task<IActionResult?> ProposeAsync(Guid volunteerId, bool overlapAcknowledged)
    {
        var ct = HttpContext.RequestAborted;
        var result = await matching.MakeProposalAsync(Participant, volunteerId, UserId, overlapAcknowledged, ct);
        if (result.Match is not { } match)
        {
            if (result.RefusalKey == "Match.TakenMeanwhile")
            {
                // Start again from fresh records (the refused proposal and its audit entry are already dropped).
                Db.ChangeTracker.Clear();
                await OpenAsync(Participant.Id);
                ModelState.AddModelError(string.Empty, T(result.RefusalKey));
                return null;
            }

            await RefuseAsync(result.RefusalKey ?? "Match.NotAllowed", result.Exclusions, volunteerId);
            return null;
        }

        StatusMessage = T("Suggestions.Proposed");
        return Redirect($"/kobling/{match.Id}");
    }

    /// <summary>Reads what the page shows about her open match, if any.</summary>
    protected async Task FindOpenMatchAsync() =>
        OpenMatchId = await Db.Matches.AsNoTracking().Where(m => m.ParticipantId == Participant.Id && m.ParticipantSlot != null)
            .Select(m => (Guid?)m.Id).FirstOrDefaultAsync(HttpContext.RequestAborted);

    /// <summary>Writes the one audit entry of a page view showing her data.</summary>
    protected async Task AuditSuggestionsViewAsync(string? detail = null)
    {
        Audit.Record(AuditActions.SuggestionsViewed, nameof(Participant), Participant.Id, detail);
        await Db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    /// <summary>
    /// How each volunteer is named to this coordinator: her name for a volunteer of the woman's own association, and
    /// only "Ressursvenn i {association}" for one lent by a neighbouring association (outside the coordinator's scope).
    /// </summary>
    protected async Task<IReadOnlyDictionary<Guid, string>> LabelsAsync(IEnumerable<Engine.VolunteerProfile> volunteers)
    {
        var list = volunteers.DistinctBy(v => v.Id).ToList();
        var own = list.Where(v => v.AssociationId == Participant.AssociationId).Select(v => v.Id).ToList();
        // Whole volunteers, not projections: names are encrypted and decrypted on load (ADR 0008).
        var names = own.Count == 0 ? []
            : (await Db.Volunteers.AsNoTracking().Where(v => own.Contains(v.Id)).ToListAsync(HttpContext.RequestAborted)).ToDictionary(v => v.Id, v => v.Name);
        var otherIds = list.Where(v => v.AssociationId != Participant.AssociationId).Select(v => v.AssociationId).Distinct().ToList();
        var associations = otherIds.Count == 0 ? []
            : await Db.Associations.AsNoTracking().Where(a => otherIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, HttpContext.RequestAborted);
        return list.ToDictionary(v => v.Id, v => v.AssociationId == Participant.AssociationId
            ? names.GetValueOrDefault(v.Id, T("Suggestions.UnknownVolunteer"))
            : T("Suggestions.FromAssociation", associations.GetValueOrDefault(v.AssociationId, "–")));
    }

    /// <summary>Her area as she may be described here: the municipality, or only the county when her identity is protected.</summary>
    protected async Task<string> AreaAsync()
    {
        var area = Participant.Area;
        var places = await geo.GetAsync(HttpContext.RequestAborted);
        if (!Participant.IsProtected && area.MunicipalityCode is { } code && places.Municipalities.TryGetValue(code, out var place))
        {
            return place.Name;
        }

        var county = Participant.IsProtected || area.MunicipalityCode is null ? area.CoarseCountyCode
            : places.Municipalities.TryGetValue(area.MunicipalityCode, out var m) ? m.CountyCode : null;
        return county is null ? "–"
            : await Db.Counties.AsNoTracking().Where(c => c.Code == county).Select(c => c.Name).FirstOrDefaultAsync(HttpContext.RequestAborted) ?? county;
    }

    /// <summary>A municipality's name from the reference data (the code when unknown).</summary>
    protected async Task<string> MunicipalityAsync(string code)
    {
        var places = await geo.GetAsync(HttpContext.RequestAborted);
        return places.Municipalities.TryGetValue(code, out var place) ? place.Name : code;
    }

    private async Task RefuseAsync(string key, IReadOnlyList<Engine.Exclusion> exclusions, Guid volunteerId)
    {
        ModelState.AddModelError(string.Empty, T(key));
        if (exclusions.Count == 0)
        {
            return;
        }

        var places = await geo.GetAsync(HttpContext.RequestAborted);
        var (search, _) = await TrySearchAsync();
        var woman = search?.Profile ?? MatchingProfiles.Woman(Participant, places);
        var volunteer = search?.Pool.ById.GetValueOrDefault(volunteerId);
        var t = Texts;
        RefusalReasons = woman is not null && volunteer is not null && search is not null
            ? MatchingTexts.Exclusions(t, exclusions, woman, volunteer, search.Context)
            : exclusions.Select(e => MatchingTexts.Exclusion(t, e.Code)).ToList();
    }

    /// <summary>The search for her, or null with the resource key of why there is none (not waiting, no known area).</summary>
    protected async Task<(MatchingService.Search? Search, string? Problem)> TrySearchAsync()
    {
        try
        {
            return (await matching.PrepareAsync(Participant, HttpContext.RequestAborted), null);
        }
        catch (Domain.DomainRuleException refused)
        {
            return (null, refused.Message);
        }
    }
}
