using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Matching;
using Ressursvenn.Web.Features.MyPages;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Security;
using Ressursvenn.Web.Security.Resources;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// Matching (docs/domain.md §4.3, §5) through the same services as the pages: suggestions for a waiting
/// woman, the batch plan of an association's waiting list, proposals (every hard rule checked again on fresh data) and
/// the match's steps through <see cref="MatchWorkflowService"/> with optimistic concurrency through If-Match. Her
/// association's coordinators run a match; anyone else gets the 404 of a missing route. A match is shown by ids, status
/// and dates, never by name. A volunteer reads her own proposals anonymised and, for her running match, only what she
/// may know of the woman (SR7), through <see cref="MyMatches"/>, the one door to the woman for a volunteer.
/// </summary>
public static class MatchingEndpoints
{
    /// <summary>The most suggestions one request may ask for.</summary>
    public const int MaxTop = 100;

    /// <summary>The audit detail of an anonymised proposal read by the volunteer.</summary>
    public const string ProposalViewDetail = "proposal";

    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/participants/{id:guid}/suggestions", SuggestionsAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Produces<SuggestionsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem()
            .WithName("GetSuggestions")
            .WithTags("Matching")
            .WithSummary("The best volunteers for a woman on the waiting list (top, default 10, at most 100), with the parts of each score; "
                + "with excluded=true also every excluded volunteer and the rules that exclude her (audited). 409 when she is not waiting.");
        api.MapGet("/associations/{id:guid}/plan", PlanAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Produces<PlanResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetBatchPlan")
            .WithTags("Matching")
            .WithSummary("The optimal plan for the association's waiting list next to picking one woman at a time (audited). 404 unless she coordinates it.");
        api.MapPost("/participants/{id:guid}/proposals", ProposeAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Accepts<ProposalRequest>("application/json")
            .Produces<MatchResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem()
            .WithName("ProposeMatch")
            .WithTags("Matching")
            .WithSummary("Proposes a volunteer for her; every hard rule is checked again. 409 lists the exclusion codes, or says another "
                + "coordinator took the volunteer or the woman meanwhile.");
        api.MapGet("/matches", ListAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("ListMatches")
            .WithTags("Matching")
            .WithSummary("The matches run by the coordinator's associations: ids, status and dates, no names.");
        api.MapGet("/matches/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Produces<MatchRecordResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMatch")
            .WithTags("Matching")
            .WithSummary("A match of the woman's association (audited); its version is also the ETag.");
        api.MapPost("/matches/{id:guid}/participant-answer", ParticipantAnswerAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Accepts<ParticipantAnswerRequest>("application/json")
            .ProducesStep<MatchStateResponse>()
            .ProducesValidationProblem()
            .WithName("RecordParticipantAnswer")
            .WithTags("Matching")
            .WithSummary("Records the woman's answer after the volunteer accepted; a no declines the proposal. Optional If-Match: \"<version>\".");
        api.MapPost("/matches/{id:guid}/start-meeting", StartMeetingAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Accepts<StartMeetingRequest>("application/json")
            .ProducesStep<MatchStateResponse>()
            .ProducesValidationProblem()
            .WithName("RecordStartMeeting")
            .WithTags("Matching")
            .WithSummary("The start meeting was held: the match becomes Active with its planned end. Optional If-Match: \"<version>\".");
        api.MapPost("/matches/{id:guid}/decline", DeclineAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Accepts<MatchDeclineRequest>("application/json")
            .ProducesStep<MatchStateResponse>()
            .ProducesValidationProblem()
            .WithName("DeclineMatch")
            .WithTags("Matching")
            .WithSummary("Ends a proposal that has not started, with a reason code; she keeps her place on the waiting list. Optional If-Match.");
        api.MapGet("/me/proposals", MyProposalsAsync)
            .RequireAuthorization(Policies.Volunteer)
            .Produces<List<MyProposalResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListMyProposals")
            .WithTags("Matching")
            .WithSummary("The signed-in volunteer's proposals waiting for her answer, anonymised (no name, no contact details). 404 without a record.");
        api.MapPost("/me/proposals/{id:guid}/answer", AnswerAsync)
            .RequireAuthorization(Policies.Volunteer)
            .Accepts<ProposalAnswerRequest>("application/json")
            .ProducesStep<MatchStateResponse>()
            .ProducesValidationProblem()
            .WithName("AnswerMyProposal")
            .WithTags("Matching")
            .WithSummary("Her answer: whether she knows the woman, her family or her community (a yes ends the proposal), and whether she accepts. Optional If-Match.");
        api.MapGet("/me/match", MyMatchAsync)
            .RequireAuthorization(Policies.Volunteer)
            .Produces<List<MyMatchResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMyMatch")
            .WithTags("Matching")
            .WithSummary("Her running (active or paused) matches, usually one: the woman's first name, the safe way to contact her and, if she "
                + "agreed, her languages and interests (audited). An empty list when none runs; 404 without a record.");
    }

    private static async Task<IResult> SuggestionsAsync(
        Guid id, int? top, bool? excluded, HttpContext http, ParticipantLoader access, MatchingService matching, AppDbContext db, AuditTrail audit,
        IStringLocalizer<SharedResource> t)
    {
        var ct = http.RequestAborted;
        var woman = await access.LoadAsync(http.User, id, ParticipantOperation.Read, ct);
        if (woman is null)
        {
            return TypedResults.NotFound();
        }

        if (top is < 1 or > MaxTop)
        {
            return ApiValidation.For(t, "top", t["Api.TopRange", MaxTop]);
        }

        MatchingService.Search search;
        Engine.SuggestionResult result;
        try
        {
            (search, result) = await matching.SuggestAsync(woman, top ?? MatchingService.DefaultTopN, excluded == true, ct);
        }
        catch (DomainRuleException e)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, t["Api.Conflict"], t[e.Message]);
        }

        // As the suggestion page records it: one entry per view of her suggestions.
        audit.Record(AuditActions.SuggestionsViewed, nameof(Participant), woman.Id);
        await db.SaveChangesAsync(ct);

        var shown = result.Suggestions.Select(s => s.Volunteer).Concat(result.Excluded.Select(e => e.Volunteer)).ToList();
        var volunteers = await VolunteersAsync(shown, woman.AssociationId, db, ct);
        var today = matching.Today;
        var suggestions = result.Suggestions
            .Select(s => new SuggestionResponse(
                volunteers(s.Volunteer),
                s.Score.Total,
                s.Score.Parts.Select(p => new ScorePartResponse(p.Kind, p.RawValue, p.Points, MatchingTexts.Part(t, p, search.Profile, s.Volunteer, today).Text)).ToList()))
            .ToList();
        var excludedRows = excluded == true
            ? result.Excluded
                .Select(e => new ExcludedVolunteerResponse(
                    volunteers(e.Volunteer),
                    e.Exclusions.Select(x => new ExclusionResponse(x.Code, MatchingTexts.Exclusion(t, x, search.Profile, e.Volunteer, search.Context))).ToList()))
                .ToList()
            : null;
        return TypedResults.Ok(new SuggestionsResponse(woman.Id, result.AllowedCount, suggestions, excludedRows));
    }

    private static async Task<IResult> PlanAsync(Guid id, HttpContext http, MatchingService matching, AppDbContext db, AuditTrail audit)
    {
        var ct = http.RequestAborted;
        // Only an association she coordinates (its waiting list is hers): anything else is a missing record.
        if (!db.Scope.AssociationIds.Contains(id))
        {
            return TypedResults.NotFound();
        }

        var input = await matching.PlanInputAsync(id, ct);
        var optimal = Engine.BatchPlanner.Plan(input.Profiles, input.Volunteers, input.Context);
        var greedy = Engine.BatchPlanner.GreedyPlan(input.Profiles, input.Volunteers, input.Context);
        audit.Record(AuditActions.BatchPlanViewed, nameof(LocalAssociation), id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new PlanResponse(id, input.Women.Count, input.Volunteers.Count, Summary(optimal), Summary(greedy)));
    }

    private static async Task<IResult> ProposeAsync(
        Guid id, HttpContext http, ParticipantLoader access, MatchingService matching, AppDbContext db,
        IStringLocalizer<SharedResource> t)
    {
        var ct = http.RequestAborted;
        var woman = await access.LoadAsync(http.User, id, ParticipantOperation.Step, ct);
        if (woman is null)
        {
            return TypedResults.NotFound();
        }

        var (request, problem) = await ApiJson.ReadAsync<ProposalRequest>(http, t);
        if (request is null)
        {
            return problem!;
        }

        if (request.VolunteerId is not { } volunteerId)
        {
            return ApiValidation.For(t, nameof(ProposalRequest.VolunteerId), t["Validation.Required"]);
        }

        var result = await matching.MakeProposalAsync(woman, volunteerId, UserId(http), request.AcknowledgeNetworkOverlap, ct);
        if (result.Match is not { } match)
        {
            return Refused(result.RefusalKey ?? "Match.NotAllowed", result.Exclusions, t);
        }

        http.Response.Headers.ETag = ApiVersions.ETag(match.Version);
        return TypedResults.Created($"{ApiEndpoints.Prefix}/matches/{match.Id}", MatchResponse.From(match));
    }

    private static async Task<Ok<List<MatchResponse>>> ListAsync(AppDbContext db, CancellationToken ct)
    {
        // Matches run by her associations (the woman's association); ids, status and dates only.
        var associations = db.Scope.AssociationIds.ToList();
        var matches = await db.Matches.AsNoTracking().Where(m => associations.Contains(m.AssociationId)).ToListAsync(ct);
        return TypedResults.Ok(matches.OrderByDescending(m => m.ProposedAt).ThenBy(m => m.Id).Select(MatchResponse.From).ToList());
    }

    private static async Task<IResult> GetAsync(Guid id, HttpContext http, MatchLoader loader, AppDbContext db, AuditTrail audit)
    {
        var ct = http.RequestAborted;
        var match = await loader.LoadAsync(http.User, id, MatchOperation.Read, ct);
        if (match is null)
        {
            return TypedResults.NotFound();
        }

        audit.Record(AuditActions.MatchViewed, MatchWorkflowService.EntityType, match.Id);
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = ApiVersions.ETag(match.Version);
        return TypedResults.Ok(new MatchRecordResponse(MatchResponse.From(match), match.DeclineNote));
    }

    private static Task<IResult> ParticipantAnswerAsync(Guid id, HttpContext http, MatchWorkflowService workflow, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, workflow, t, async match =>
        {
            var (request, problem) = await ApiJson.ReadAsync<ParticipantAnswerRequest>(http, t);
            if (request is null)
            {
                return (null, problem);
            }

            if (request.Yes is not { } yes)
            {
                return (null, ApiValidation.For(t, nameof(ParticipantAnswerRequest.Yes), t["Validation.Required"]));
            }

            return (() => workflow.RecordParticipantAnswerAsync(match, match.Version, yes, UserId(http), http.RequestAborted), null);
        });

    private static Task<IResult> StartMeetingAsync(Guid id, HttpContext http, MatchWorkflowService workflow, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, workflow, t, async match =>
        {
            var (request, problem) = await ApiJson.ReadAsync<StartMeetingRequest>(http, t);
            if (request is null)
            {
                return (null, problem);
            }

            if (request.HeldOn is not { } heldOn)
            {
                return (null, ApiValidation.For(t, nameof(StartMeetingRequest.HeldOn), t["Validation.Required"]));
            }

            return (() => workflow.RecordStartMeetingAsync(match, match.Version, heldOn, request.CrisisCentrePresent, http.RequestAborted), null);
        });

    private static Task<IResult> DeclineAsync(Guid id, HttpContext http, MatchWorkflowService workflow, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, workflow, t, async match =>
        {
            var (request, problem) = await ApiJson.ReadAsync<MatchDeclineRequest>(http, t);
            if (request is null)
            {
                return (null, problem);
            }

            var validation = new ApiValidation(t);
            // The volunteer's "I know her" is her own answer (it blocks the pair): a coordinator cannot give it.
            if (request.Reason is not { } reason || !Enum.IsDefined(reason) || reason == MatchDeclineReason.VolunteerKnowsHer)
            {
                validation.Add(nameof(MatchDeclineRequest.Reason), t["Common.UnknownChoice"]);
            }

            if (request.Note is { Length: > MatchDeclineRequest.MaxNoteLength })
            {
                validation.Add(nameof(MatchDeclineRequest.Note), t["Validation.TooLong"]);
            }

            validation.AddControlCharacters(request);
            if (!validation.IsValid)
            {
                return (null, validation.ToProblem());
            }

            var why = request.Reason!.Value;
            return (() => workflow.DeclineAsync(match, match.Version, DeclinedBy(why), why, request.Note, http.RequestAborted), null);
        });

    private static async Task<IResult> MyProposalsAsync(
        HttpContext http, MyVolunteer mine, MyMatches matches, GeoIndex geo, AppDbContext db, AuditTrail audit)
    {
        var ct = http.RequestAborted;
        if (await mine.FindAsync(http.User, ct) is not { } me)
        {
            return TypedResults.NotFound();
        }

        var proposed = (await matches.CurrentAsync(me, ct)).Where(m => m.Status == MatchStatus.Proposed).ToList();
        var rows = new List<MyProposalResponse>();
        if (proposed.Count == 0)
        {
            return TypedResults.Ok(rows);
        }

        var places = await geo.GetAsync(ct);
        var counties = await db.Counties.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, StringComparer.Ordinal, ct);
        foreach (var match in proposed)
        {
            if (await matches.WomanAsync(match, me, MyMatches.View.Proposal, ct) is not { } woman)
            {
                continue;
            }

            // Only the anonymised summary leaves this method: no name, no contact detail, no risk information.
            var summary = MatchingProfiles.Anonymise(woman, places);
            rows.Add(new MyProposalResponse(match.Id, match.Version, match.Status, match.ProposedAt, new AnonymisedWomanResponse(
                summary.MunicipalityCode,
                summary.MunicipalityCode is { } code && places.Municipalities.TryGetValue(code, out var municipality) ? municipality.Name : null,
                summary.CountyCode,
                summary.CountyCode is { } county ? counties.GetValueOrDefault(county) : null,
                summary.Languages, summary.Interests, summary.Needs, summary.NeedsSameLanguage, summary.AgeGroup)));
            audit.Record(AuditActions.MatchViewed, MatchWorkflowService.EntityType, match.Id, ProposalViewDetail);
        }

        if (rows.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(rows);
    }

    private static async Task<IResult> AnswerAsync(
        Guid id, HttpContext http, MyVolunteer mine, MatchLoader loader, MatchWorkflowService workflow, IStringLocalizer<SharedResource> t)
    {
        var ct = http.RequestAborted;
        if (await mine.FindAsync(http.User, ct) is null || await loader.LoadAsync(http.User, id, MatchOperation.Answer, ct) is not { } match)
        {
            return TypedResults.NotFound();
        }

        if (ApiVersions.Refusal(http.Request, match.Version, t) is { } refused)
        {
            return refused;
        }

        var (request, problem) = await ApiJson.ReadAsync<ProposalAnswerRequest>(http, t);
        if (request is null)
        {
            return problem!;
        }

        // She must say whether she knows the woman before anything else; without a yes to that, whether she accepts.
        var validation = new ApiValidation(t);
        if (request.KnowsHer is null)
        {
            validation.Add(nameof(ProposalAnswerRequest.KnowsHer), t["Validation.Required"]);
        }
        else if (request.KnowsHer == false && request.Accepts is null)
        {
            validation.Add(nameof(ProposalAnswerRequest.Accepts), t["Validation.Required"]);
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var key = await workflow.VolunteerAnswersAsync(match, match.Version, request.KnowsHer!.Value, request.Accepts == true, ct);
        if (key is not null)
        {
            return StepRefusal(key, t);
        }

        http.Response.Headers.ETag = ApiVersions.ETag(match.Version);
        return TypedResults.Ok(new MatchStateResponse(match.Id, match.Version, match.Status));
    }

    private static async Task<IResult> MyMatchAsync(HttpContext http, MyVolunteer mine, MyMatches matches, AppDbContext db, AuditTrail audit)
    {
        var ct = http.RequestAborted;
        if (await mine.FindAsync(http.User, ct) is not { } me)
        {
            return TypedResults.NotFound();
        }

        var rows = new List<MyMatchResponse>();
        foreach (var match in (await matches.CurrentAsync(me, ct)).Where(m => MyMatches.IsRunning(m.Status)))
        {
            if (await matches.WomanAsync(match, me, MyMatches.View.Contact, ct) is not { } woman)
            {
                continue;
            }

            // Exactly what she agreed to share (SR7), the same projection her page shows.
            var shared = SharedWithVolunteer.Of(woman);
            rows.Add(new MyMatchResponse(match.Id, match.Status, match.StartMeetingOn, match.PlannedEndOn, shared is not null, shared));
            audit.Record(AuditActions.MatchViewed, MatchWorkflowService.EntityType, match.Id);
        }

        if (rows.Count > 0)
        {
            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(rows);
    }

    /// <summary>
    /// One step on a match of her association: found (404 otherwise), still at the version the client holds when she
    /// sends If-Match (412 otherwise, also when someone saves in between), its body valid (400), allowed by the rules
    /// (409 with the rule's message), and saved with its audit entry by <see cref="MatchWorkflowService"/>.
    /// </summary>
    private static async Task<IResult> StepAsync(
        Guid id, HttpContext http, MatchWorkflowService workflow, IStringLocalizer<SharedResource> t,
        Func<Match, Task<(Func<Task<string?>>? Step, IResult? Problem)>> prepare)
    {
        var match = await http.RequestServices.GetRequiredService<MatchLoader>().LoadAsync(http.User, id, MatchOperation.Step, http.RequestAborted);
        if (match is null)
        {
            return TypedResults.NotFound();
        }

        if (ApiVersions.Refusal(http.Request, match.Version, t) is { } refused)
        {
            return refused;
        }

        var (step, problem) = await prepare(match);
        if (step is null)
        {
            return problem!;
        }

        if (await step() is { } key)
        {
            return StepRefusal(key, t);
        }

        http.Response.Headers.ETag = ApiVersions.ETag(match.Version);
        return TypedResults.Ok(new MatchStateResponse(match.Id, match.Version, match.Status));
    }

    /// <summary>A refused step: a lost update is 412, a rule of the match's lifecycle 409 with its message.</summary>
    private static ProblemHttpResult StepRefusal(string key, IStringLocalizer t) =>
        key == "Common.Concurrency" ? ApiProblems.Stale(t) : ApiProblems.Problem(StatusCodes.Status409Conflict, t["Api.Conflict"], t[key]);

    /// <summary>A refused proposal: 409 with the message and, when hard rules refused it, their codes and texts.</summary>
    private static ProblemHttpResult Refused(string key, IReadOnlyList<Engine.Exclusion> exclusions, IStringLocalizer t) =>
        TypedResults.Problem(
            detail: t[key],
            statusCode: StatusCodes.Status409Conflict,
            title: t["Api.Conflict"],
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["exclusions"] = exclusions.Select(e => new ExclusionResponse(e.Code, MatchingTexts.Exclusion(t, e.Code))).ToList(),
            });

    /// <summary>Who ends a proposal, from the reason the coordinator records.</summary>
    private static MatchDeclinedBy DeclinedBy(MatchDeclineReason reason) => reason switch
    {
        MatchDeclineReason.VolunteerNotAvailable or MatchDeclineReason.VolunteerNotRightFit => MatchDeclinedBy.Volunteer,
        MatchDeclineReason.ParticipantSaidNo or MatchDeclineReason.ParticipantNotReachable => MatchDeclinedBy.Participant,
        _ => MatchDeclinedBy.Coordinator,
    };

    /// <summary>
    /// How the suggestions name each volunteer, as the page does: by name when she belongs to the woman's own
    /// association, otherwise (lent by a neighbouring association, outside the coordinator's scope) only by her association.
    /// </summary>
    private static async Task<Func<Engine.VolunteerProfile, SuggestedVolunteer>> VolunteersAsync(
        IReadOnlyList<Engine.VolunteerProfile> shown, Guid womansAssociation, AppDbContext db, CancellationToken ct)
    {
        var own = shown.Where(v => v.AssociationId == womansAssociation).Select(v => v.Id).Distinct().ToList();
        var associationIds = shown.Select(v => v.AssociationId).Distinct().ToList();
        // Whole records through the data scope (names are encrypted: decrypted on load, never projected in SQL).
        var names = own.Count == 0 ? new Dictionary<Guid, string>()
            : (await db.Volunteers.AsNoTracking().Where(v => own.Contains(v.Id)).ToListAsync(ct))
                .Where(v => v.AssociationId == womansAssociation)
                .ToDictionary(v => v.Id, v => v.Name);
        var associations = await db.Associations.AsNoTracking().Where(a => associationIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        return v => new SuggestedVolunteer(v.Id, names.GetValueOrDefault(v.Id), v.AssociationId, associations.GetValueOrDefault(v.AssociationId) ?? string.Empty);
    }

    private static PlanSummary Summary(Engine.BatchPlan plan) =>
        new(plan.TotalMilli / 1000.0,
            plan.Pairs.Select(p => new PlannedPairResponse(p.WomanId, p.VolunteerId, p.ScoreMilli / 1000.0)).ToList(),
            plan.Unmatched);

    private static Guid UserId(HttpContext http) => Guid.Parse(http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);
}
