using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Security;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// One woman and one volunteer side by side: her needs and wishes next to the volunteer's profile, the score part by
/// part, and whether the hard rules allow the pair (and if not, which rules exclude it). From here the coordinator
/// proposes the pair, or puts it on the do-not-match list. Only a volunteer the woman's search can reach is shown.
/// </summary>
public sealed class CompareModel(
    AppDbContext db, ParticipantLoader access, AuditTrail audit, TimeProvider clock, MatchingService matching, GeoIndex geo,
    MatchWorkflowService workflow)
    : MatchingPageModel(db, access, audit, clock, matching, geo)
{
    /// <summary>Why the pair cannot be compared (a resource key): she is not waiting, or nothing is known of where she lives.</summary>
    public string? Problem { get; private set; }

    public Engine.VolunteerProfile? Volunteer { get; private set; }

    /// <summary>Her networks that share a word with one the woman must avoid, in words (a warning to acknowledge).</summary>
    public IReadOnlyList<string> NetworkOverlaps { get; private set; } = [];

    public string Label { get; private set; } = string.Empty;

    public string Municipality { get; private set; } = string.Empty;

    public int Age { get; private set; }

    public double Total { get; private set; }

    public IReadOnlyList<MatchingTexts.PartText> Parts { get; private set; } = [];

    /// <summary>The hard rules that exclude the pair, in words; empty when the pair is allowed.</summary>
    public IReadOnlyList<string> Exclusions { get; private set; } = [];

    public bool Allowed => Exclusions.Count == 0;

    public bool OnDoNotMatchList { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid volunteerId)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        return await ShowAsync(volunteerId);
    }

    public async Task<IActionResult> OnPostProposeAsync(Guid id, Guid volunteerId, bool acknowledgeOverlap)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        return await ProposeAsync(volunteerId, acknowledgeOverlap) ?? await ShowAsync(volunteerId);
    }

    /// <summary>"Ikke match disse": the pair goes on the do-not-match list for good; her suggestions leave the volunteer out.</summary>
    public async Task<IActionResult> OnPostBlockAsync(Guid id, Guid volunteerId)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        var (search, problem) = await TrySearchAsync();
        if (search is null)
        {
            ModelState.AddModelError(string.Empty, T(problem!));
            return await ShowAsync(volunteerId);
        }

        if (!search.Pool.ById.ContainsKey(volunteerId))
        {
            return Denied();
        }

        await workflow.BlockPairAsync(Participant, volunteerId, UserId, HttpContext.RequestAborted);
        StatusMessage = T("Compare.Blocked");
        return Redirect($"/deltaker/{Participant.Id}/forslag");
    }

    private async Task<IActionResult> ShowAsync(Guid volunteerId)
    {
        Area = await AreaAsync();
        await FindOpenMatchAsync();
        var (search, problem) = await TrySearchAsync();
        if (search is null)
        {
            Problem = problem == "Match.NotWaiting" ? "Suggestions.NotWaiting" : problem;
        }
        else
        {
            if (!search.Pool.ById.TryGetValue(volunteerId, out var volunteer))
            {
                return Denied();
            }

            var t = Texts;
            var date = search.Context.ProposalDate;
            var score = Engine.SoftScore.Compute(search.Profile, volunteer, search.Context);
            var exclusions = Engine.HardRules.Evaluate(search.Profile, volunteer, search.Context);
            Volunteer = volunteer;
            Label = (await LabelsAsync([volunteer]))[volunteer.Id];
            Municipality = await MunicipalityAsync(volunteer.MunicipalityCode);
            Age = Engine.Age.On(volunteer.BirthDate, date);
            Total = score.Total;
            Parts = MatchingTexts.Parts(t, score, search.Profile, volunteer, date);
            Exclusions = MatchingTexts.Exclusions(t, exclusions, search.Profile, volunteer, search.Context);
            NetworkOverlaps = MatchingTexts.NetworkOverlaps(t, search.Profile, volunteer);
            OnDoNotMatchList = exclusions.Any(e => e.Code == Engine.ExclusionCode.DoNotMatchPair);
        }

        await AuditSuggestionsViewAsync("side-by-side");
        return Page();
    }
}
