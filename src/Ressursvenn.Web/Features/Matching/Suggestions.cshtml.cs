using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Security;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// Suggestions for one waiting woman (docs/domain.md §5): her needs briefly, the best
/// volunteers with their score explained part by part, a propose button on each, on request every excluded volunteer
/// with the rules that excluded her, and the neighbouring associations she can ask to widen the search to.
/// </summary>
public sealed class SuggestionsModel(
    AppDbContext db, ParticipantLoader access, AuditTrail audit, TimeProvider clock, MatchingService matching, GeoIndex geo,
    WideningService widening)
    : MatchingPageModel(db, access, audit, clock, matching, geo)
{
    /// <summary>A suggested volunteer as the card shows her.</summary>
    public sealed record Card(Guid VolunteerId, string Label, int Age, string Municipality, double Total, IReadOnlyList<MatchingTexts.PartText> Parts,
        IReadOnlyList<string> NetworkOverlaps);

    /// <summary>An excluded volunteer and every rule that excluded her, in words.</summary>
    public sealed record ExcludedRow(Guid VolunteerId, string Label, IReadOnlyList<string> Reasons);

    /// <summary>Why there are no suggestions at all (a resource key): she is not waiting, or nothing is known of where she lives.</summary>
    public string? Problem { get; private set; }

    public bool ShowExcluded { get; private set; }

    public IReadOnlyList<Card> Cards { get; private set; } = [];

    public int AllowedCount { get; private set; }

    public int ExcludedCount { get; private set; }

    public IReadOnlyList<ExcludedRow> Excluded { get; private set; } = [];

    public IReadOnlyList<WideningService.Neighbour> Neighbours { get; private set; } = [];

    /// <summary>The excluded volunteers are listed with "?utelukket=true": a flag, never anything about her or them.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, bool utelukket = false)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        return await ShowAsync(utelukket);
    }

    /// <param name="acknowledgeOverlap">Ticked "I have checked that this is not the same network" (needed when a network of hers shares a word with one the woman must avoid).</param>
    public async Task<IActionResult> OnPostProposeAsync(Guid id, Guid volunteerId, bool acknowledgeOverlap)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        return await ProposeAsync(volunteerId, acknowledgeOverlap) ?? await ShowAsync(false);
    }

    public async Task<IActionResult> OnPostWidenAsync(Guid id, Guid partnerId)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        if (await widening.RequestAsync(Participant, partnerId, UserId, HttpContext.RequestAborted) is { } refused)
        {
            ModelState.AddModelError(string.Empty, T(refused));
            return await ShowAsync(false);
        }

        StatusMessage = T("Widening.Requested");
        return Redirect($"/deltaker/{Participant.Id}/forslag#naboforeninger");
    }

    private async Task<IActionResult> ShowAsync(bool showExcluded)
    {
        ShowExcluded = showExcluded;
        Area = await AreaAsync();
        await FindOpenMatchAsync();
        if (Participant.Status != ParticipantStatus.Waiting)
        {
            Problem = "Suggestions.NotWaiting";
        }
        else
        {
            await SuggestAsync(showExcluded);
        }

        await AuditSuggestionsViewAsync();
        return Page();
    }

    private async Task SuggestAsync(bool showExcluded)
    {
        MatchingService.Search search;
        Engine.SuggestionResult result;
        try
        {
            (search, result) = await Matching.SuggestAsync(Participant, MatchingService.DefaultTopN, showExcluded, HttpContext.RequestAborted);
        }
        catch (Domain.DomainRuleException refused)
        {
            Problem = refused.Message;
            return;
        }

        var t = Texts;
        var date = search.Context.ProposalDate;
        var places = await Geo.GetAsync(HttpContext.RequestAborted);
        var labels = await LabelsAsync(result.Suggestions.Select(s => s.Volunteer).Concat(result.Excluded.Select(e => e.Volunteer)));
        Cards = result.Suggestions.Select(s => new Card(
                s.Volunteer.Id,
                labels[s.Volunteer.Id],
                Engine.Age.On(s.Volunteer.BirthDate, date),
                places.Municipalities.TryGetValue(s.Volunteer.MunicipalityCode, out var m) ? m.Name : s.Volunteer.MunicipalityCode,
                s.Score.Total,
                MatchingTexts.Parts(t, s.Score, search.Profile, s.Volunteer, date),
                MatchingTexts.NetworkOverlaps(t, search.Profile, s.Volunteer)))
            .ToList();
        AllowedCount = result.AllowedCount;
        ExcludedCount = search.Pool.Engine.Count - result.AllowedCount;
        var byName = StringComparer.Create(CultureInfo.CurrentCulture, CompareOptions.IgnoreCase);
        Excluded = result.Excluded
            .Select(e => new ExcludedRow(e.Volunteer.Id, labels[e.Volunteer.Id], MatchingTexts.Exclusions(t, e.Exclusions, search.Profile, e.Volunteer, search.Context)))
            .OrderBy(e => e.Label, byName).ThenBy(e => e.VolunteerId)
            .ToList();
        Neighbours = await widening.NeighboursAsync(Participant, HttpContext.RequestAborted);
    }
}
