using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// Matching for the pages and the API alike: suggestions for one waiting woman, the batch plan for an association's
/// waiting list, and proposals, which check every hard rule again on fresh data so no unsafe pair is ever proposed
/// (docs/domain.md §5). The caller opens the woman's record through <see cref="Participants.ParticipantLoader"/> (the data
/// scope), and records the audit entry; volunteers of a neighbouring association are read here only for a woman whose
/// coordinator's request that association agreed to.
/// </summary>
public sealed class MatchingService(
    AppDbContext db, ProgrammeSettingsService settingsService, GeoIndex geo, VolunteerPoolCache cache, Security.AuditTrail audit, MatchNotifier notifier,
    UnitOfWork unitOfWork, TimeProvider clock)
{
    /// <summary>Volunteers shown to a coordinator as suggestions unless she asks for more.</summary>
    public const int DefaultTopN = 10;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public DateOnly Today => WorkingDays.OsloDate(clock.GetUtcNow());

    /// <summary>Everything a search for one woman reads, prepared once per request.</summary>
    public sealed record Search(
        Participant Woman,
        Engine.WomanProfile Profile,
        Engine.MatchContext Context,
        VolunteerPoolCache.Pool Pool,
        ProgrammeSettings Settings);

    /// <summary>The result of a proposal: the new match, or the reasons it was refused (hard rules, or taken meanwhile).</summary>
    public sealed record ProposalResult(Match? Match, IReadOnlyList<Engine.Exclusion> Exclusions, string? RefusalKey)
    {
        public bool Succeeded => Match is not null;
    }

    /// <summary>The associations whose volunteers may be proposed for her: her own and those that agreed to widen.</summary>
    public async Task<HashSet<Guid>> AllowedAssociationsAsync(Participant woman, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(woman);
        var partners = await db.WideningRequests
            .Where(w => w.ParticipantId == woman.Id && w.AssociationId == woman.AssociationId && w.Status == WideningStatus.Agreed)
            .Select(w => w.PartnerAssociationId).ToListAsync(ct);
        return [woman.AssociationId, .. partners];
    }

    /// <summary>Prepares a search for a woman on the waiting list (refused with a resource key otherwise).</summary>
    public async Task<Search> PrepareAsync(Participant woman, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(woman);
        if (woman.Status != ParticipantStatus.Waiting)
        {
            throw new DomainRuleException("Match.NotWaiting");
        }

        var places = await geo.GetAsync(ct);
        var profile = MatchingProfiles.Woman(woman, places) ?? throw new DomainRuleException("Match.NoArea");
        var settings = await settingsService.GetAsync(ct);
        var allowed = await AllowedAssociationsAsync(woman, ct);
        var context = await ContextAsync([woman.Id], allowed, settings, ct);
        var pool = await cache.GetAsync(db, allowed, settings, () => LoadProfilesAsync(allowed, settings, null, ct), ct);
        return new Search(woman, profile, context, pool, settings);
    }

    /// <summary>The best volunteers for her, best first, and on request every excluded volunteer with her reasons.</summary>
    public async Task<(Search Search, Engine.SuggestionResult Result)> SuggestAsync(Participant woman, int topN, bool includeExcluded, CancellationToken ct = default)
    {
        var search = await PrepareAsync(woman, ct);
        return (search, search.Pool.Engine.Suggest(search.Profile, search.Context, Math.Clamp(topN, 1, 100), includeExcluded));
    }

    /// <summary>A waiting woman of the association, with her profile for the engine (women without a known area are left out).</summary>
    public sealed record PlanInput(IReadOnlyList<Participant> Women, IReadOnlyList<Engine.WomanProfile> Profiles, IReadOnlyList<Engine.VolunteerProfile> Volunteers, Engine.MatchContext Context);

    /// <summary>
    /// The association's waiting list without an open proposal, and its own volunteers (a widened search is for one woman
    /// at a time and is not part of the plan).
    /// </summary>
    public async Task<PlanInput> PlanInputAsync(Guid associationId, CancellationToken ct = default)
    {
        var settings = await settingsService.GetAsync(ct);
        var places = await geo.GetAsync(ct);
        var open = db.Matches.Where(m => m.ParticipantSlot != null).Select(m => m.ParticipantId);
        var women = await db.Participants
            .Where(p => p.AssociationId == associationId && p.Status == ParticipantStatus.Waiting && !open.Contains(p.Id))
            .OrderBy(p => p.WaitingSince).ThenBy(p => p.Id).ToListAsync(ct);
        var profiles = new List<Engine.WomanProfile>();
        var kept = new List<Participant>();
        foreach (var woman in women)
        {
            if (MatchingProfiles.Woman(woman, places) is { } profile)
            {
                profiles.Add(profile);
                kept.Add(woman);
            }
        }

        HashSet<Guid> allowed = [associationId];
        var context = await ContextAsync(kept.Select(w => w.Id).ToList(), allowed, settings, ct);
        var pool = await cache.GetAsync(db, allowed, settings, () => LoadProfilesAsync(allowed, settings, null, ct), ct);
        return new PlanInput(kept, profiles, pool.Engine.Volunteers, context);
    }

    /// <summary>
    /// The one door for a coordinator's proposal (her pages and the API): every hard rule checked again on fresh records
    /// (<see cref="ProposeAsync(Participant, Guid, Guid?, bool, CancellationToken)"/>), then saved with its audit entry and the
    /// volunteer's e-mail (<see cref="SaveProposalAsync"/>). A race lost to another coordinator is a refusal
    /// ("Match.TakenMeanwhile") with nothing kept.
    /// </summary>
    public async Task<ProposalResult> MakeProposalAsync(Participant woman, Guid volunteerId, Guid? byUser, bool overlapAcknowledged, CancellationToken ct = default)
    {
        var result = await ProposeAsync(woman, volunteerId, byUser, overlapAcknowledged, ct);
        if (result.Match is { } match && await SaveProposalAsync(match, ct) is { } refusal)
        {
            return new(null, [], refusal);
        }

        return result;
    }

    /// <summary>
    /// Proposes the volunteer for the woman. Every hard rule is checked again on the volunteer's and the woman's current
    /// records; the woman must have no open proposal or match, and the volunteer a free place. The match is added to
    /// the context; <see cref="SaveProposalAsync"/> saves it and turns a race lost to another coordinator into a message.
    /// </summary>
    public Task<ProposalResult> ProposeAsync(Participant woman, Guid volunteerId, Guid? byUser, CancellationToken ct = default) =>
        ProposeAsync(woman, volunteerId, byUser, overlapAcknowledged: false, ct);

    /// <param name="overlapAcknowledged">The coordinator ticked that a partial overlap of networks is not the same network.</param>
    public async Task<ProposalResult> ProposeAsync(Participant woman, Guid volunteerId, Guid? byUser, bool overlapAcknowledged, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(woman);
        var settings = await settingsService.GetAsync(ct);
        if (woman.Status != ParticipantStatus.Waiting)
        {
            return new(null, [], "Match.NotWaiting");
        }

        if (await db.Matches.AnyAsync(m => m.ParticipantId == woman.Id && m.ParticipantSlot != null, ct))
        {
            return new(null, [], "Match.AlreadyProposed");
        }

        var places = await geo.GetAsync(ct);
        var profile = MatchingProfiles.Woman(woman, places);
        if (profile is null)
        {
            return new(null, [], "Match.NoArea");
        }

        var allowed = await AllowedAssociationsAsync(woman, ct);
        var fresh = await LoadProfilesAsync(allowed, settings, volunteerId, ct);
        if (fresh.Count == 0)
        {
            return new(null, [], "Match.VolunteerNotFound");
        }

        var context = await ContextAsync([woman.Id], allowed, settings, ct);
        var volunteer = fresh[0];
        var exclusions = Engine.HardRules.Evaluate(profile, volunteer, context);
        if (exclusions.Count > 0)
        {
            return new(null, exclusions, "Match.NotAllowed");
        }

        // A network of hers that shares a word with one of the woman's networks to avoid may be the same one: the
        // coordinator must have looked and said so (docs/domain.md §5.7; the same network is the hard rule above).
        if (!overlapAcknowledged && Engine.Networks.PartialOverlaps(profile.NetworksToAvoid, volunteer.Networks).Count > 0)
        {
            return new(null, [], "Match.NetworkOverlapNotAcknowledged");
        }

        var taken = await db.Matches.IgnoreQueryFilters().Where(m => m.VolunteerId == volunteerId && m.VolunteerSlot != null)
            .Select(m => m.VolunteerSlot!.Value).ToListAsync(ct);
        var slot = Enumerable.Range(0, volunteer.Capacity).First(s => !taken.Contains(s));
        var match = new Match
        {
            AssociationId = woman.AssociationId,
            VolunteerAssociationId = volunteer.AssociationId,
            ParticipantId = woman.Id,
            VolunteerId = volunteerId,
            Status = MatchStatus.Proposed,
            ProposedAt = Now,
            ProposedByUserId = byUser,
            ScoreMilli = Engine.SoftScore.Compute(profile, volunteer, context).Milli,
            ParticipantSlot = 0,
            VolunteerSlot = slot,
        };
        db.Matches.Add(match);
        return new(match, [], null);
    }

    /// <summary>
    /// The hard rules of a proposal checked again on fresh data before the match starts (the start meeting): the same
    /// rules as <see cref="ProposeAsync"/>, with the place this match already holds not counted against the volunteer's
    /// capacity. Null when the pair is still allowed, else the resource key of the refusal and the rules it breaks.
    /// </summary>
    public async Task<(string? RefusalKey, IReadOnlyList<Engine.Exclusion> Exclusions)> RecheckAsync(Participant woman, Match match, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(woman);
        ArgumentNullException.ThrowIfNull(match);
        var settings = await settingsService.GetAsync(ct);
        var places = await geo.GetAsync(ct);
        if (MatchingProfiles.Woman(woman, places) is not { } profile)
        {
            return ("Match.NoArea", []);
        }

        var allowed = await AllowedAssociationsAsync(woman, ct);
        var fresh = match.VolunteerId is { } volunteerId ? await LoadProfilesAsync(allowed, settings, volunteerId, ct) : [];
        if (fresh.Count == 0)
        {
            return ("Match.StartNotAllowed", [new Engine.Exclusion(Engine.ExclusionCode.NotApproved, "The volunteer is no longer approved.")]);
        }

        var holds = match.VolunteerSlot is null ? 0 : 1;
        var volunteer = fresh[0] with { ActiveMatches = Math.Max(0, fresh[0].ActiveMatches - holds) };
        var context = await ContextAsync([woman.Id], allowed, settings, ct);
        var exclusions = Engine.HardRules.Evaluate(profile, volunteer, context);
        return (exclusions.Count == 0 ? null : "Match.StartNotAllowed", exclusions);
    }

    /// <summary>
    /// Saves a proposal with its audit entry and the volunteer's e-mail (in the outbox), one save for the three. When
    /// another coordinator proposed the same volunteer (or the same woman) a moment earlier, the database's unique slot
    /// refuses this one: the proposal, its audit entry and its e-mail are dropped and the resource key of a clear message returned.
    /// </summary>
    public async Task<string?> SaveProposalAsync(Match match, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        audit.Record(Domain.Audit.AuditActions.MatchProposed, MatchWorkflowService.EntityType, match.Id);
        await notifier.ProposalMadeAsync(match, ct);
        // Refused (a slot taken meanwhile) or stale: nothing was proposed, so nothing is recorded or sent.
        return await unitOfWork.SaveAsync(ct) == SaveOutcome.Saved ? null : "Match.TakenMeanwhile";
    }

    /// <summary>The volunteers of the associations as the engine needs them (one volunteer when <paramref name="onlyVolunteer"/> is set).</summary>
    private async Task<IReadOnlyList<Engine.VolunteerProfile>> LoadProfilesAsync(IReadOnlyCollection<Guid> associationIds, ProgrammeSettings settings,
        Guid? onlyVolunteer, CancellationToken ct)
    {
        // Volunteers of an agreed neighbouring association are outside the coordinator's scope: read here only for matching.
        var query = db.Volunteers.IgnoreQueryFilters().AsNoTracking()
            .Where(v => associationIds.Contains(v.AssociationId) && (v.Status == VolunteerStatus.Approved || v.Status == VolunteerStatus.Paused));
        if (onlyVolunteer is { } only)
        {
            query = query.Where(v => v.Id == only);
        }

        var volunteers = await query.Include(v => v.PoliceCertificate).Include(v => v.Training).Include(v => v.Declarations)
            .AsSplitQuery().OrderBy(v => v.Id).ToListAsync(ct);
        var matches = await db.Matches.IgnoreQueryFilters().AsNoTracking()
            .Where(m => associationIds.Contains(m.VolunteerAssociationId) && m.VolunteerId != null && (onlyVolunteer == null || m.VolunteerId == onlyVolunteer))
            .Select(m => new { VolunteerId = m.VolunteerId!.Value, m.Status, m.VolunteerSlot, m.ClosedAt, m.StartMeetingOn }).ToListAsync(ct);
        var history = matches.GroupBy(m => m.VolunteerId).ToDictionary(g => g.Key, g => new MatchingProfiles.MatchHistory(
            g.Count(m => m.VolunteerSlot != null),
            g.Count(m => m.Status == MatchStatus.Closed && m.StartMeetingOn != null),
            g.Max(m => m.ClosedAt)));
        var catalogue = await db.TrainingModules.AsNoTracking().ToListAsync(ct);
        var places = await geo.GetAsync(ct);
        return volunteers.Select(v => MatchingProfiles.Volunteer(v, history.GetValueOrDefault(v.Id), catalogue, settings, places)).ToList();
    }

    private async Task<Engine.MatchContext> ContextAsync(IReadOnlyCollection<Guid> women, IReadOnlySet<Guid> allowed, ProgrammeSettings settings, CancellationToken ct)
    {
        var blocks = await db.PairBlocks.IgnoreQueryFilters().Where(b => women.Contains(b.ParticipantId))
            .Select(b => new { b.VolunteerId, b.ParticipantId, b.Kind }).ToListAsync(ct);
        return new Engine.MatchContext
        {
            ProposalDate = Today,
            AllowedAssociationIds = allowed,
            MinimumAge = settings.VolunteerMinimumAge,
            DeclaredAcquaintances = blocks.Where(b => b.Kind == PairBlockKind.DeclaredAcquaintance).Select(b => new Engine.PairKey(b.VolunteerId, b.ParticipantId)).ToHashSet(),
            DoNotMatchPairs = blocks.Where(b => b.Kind == PairBlockKind.DoNotMatch).Select(b => new Engine.PairKey(b.VolunteerId, b.ParticipantId)).ToHashSet(),
            Weights = Weights(settings),
        };
    }

    public static Engine.ScoreWeights Weights(ProgrammeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.WeightDistance, settings.WeightInterests, settings.WeightAvailability, settings.WeightExtraLanguages,
            settings.WeightWishes, settings.WeightExperience, settings.WeightFairness);
    }
}
