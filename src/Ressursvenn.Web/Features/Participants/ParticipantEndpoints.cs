using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Security;
using Ressursvenn.Web.Security.Resources;

namespace Ressursvenn.Web.Features.Participants;

/// <summary>
/// Participants, for the coordinators of their association only (SR5, SR6). Every list and every opened record is
/// audited (SR17). Names and the other red data are encrypted, so they are decrypted on load and never filtered,
/// sorted or projected in SQL (ADR 0011). The lifecycle steps follow <see cref="ParticipantLifecycle"/>, with optimistic
/// concurrency through If-Match.
/// </summary>
public static class ParticipantEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/participants", ListAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("ListParticipants")
            .WithTags("Participants")
            .WithSummary("The participants of the coordinator's associations (audited).");
        api.MapGet("/participants/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("GetParticipant")
            .WithTags("Participants")
            .WithSummary("A participant's record (audited); its version is also the ETag. 404 when not in the coordinator's associations.");
        api.MapPost("/participants/{id:guid}/acknowledge", AcknowledgeAsync)
            .RequireAuthorization(Policies.Coordinator)
            .ProducesStep<ParticipantStateResponse>()
            .WithName("AcknowledgeReferral")
            .WithTags("Participants")
            .WithSummary("Confirms that the association has received her referral. Optional If-Match: \"<version>\".");
        api.MapPost("/participants/{id:guid}/waiting-list", PutOnWaitingListAsync)
            .RequireAuthorization(Policies.Coordinator)
            .ProducesStep<ParticipantStateResponse>()
            .WithName("PutOnWaitingList")
            .WithTags("Participants")
            .WithSummary("Puts her on the waiting list after the intake conversation. Optional If-Match: \"<version>\".");
        api.MapPost("/participants/{id:guid}/decline", DeclineAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Accepts<DeclineRequest>("application/json")
            .ProducesStep<ParticipantStateResponse>()
            .ProducesValidationProblem()
            .WithName("DeclineParticipant")
            .WithTags("Participants")
            .WithSummary("Declines her with a reason code the referring centre is told. Optional If-Match: \"<version>\".");
    }

    private static async Task<Ok<List<ParticipantSummary>>> ListAsync(AppDbContext db, AuditTrail audit, CancellationToken ct)
    {
        var associations = db.Scope.AssociationIds.ToList();
        var participants = await db.Participants.AsNoTracking()
            .Where(p => associations.Contains(p.AssociationId))
            .Include(p => p.Referrals)
            .ToListAsync(ct);
        // As the coordinator's list page records it, marked as read through the API.
        audit.Record(AuditActions.ParticipantListViewed, nameof(Participant), null, ApiEndpoints.AuditDetail);
        await db.SaveChangesAsync(ct);
        var rows = participants
            .Select(p => new ParticipantSummary(p.Id, p.Name, p.Status, p.IsProtected, p.WaitingSince, p.Referrals.Count == 0 ? null : p.Referrals.Max(r => r.CreatedAt)))
            .OrderByDescending(p => p.ReferredAt)
            .ThenBy(p => p.Name, StringComparer.CurrentCulture)
            .ToList();
        return TypedResults.Ok(rows);
    }

    private static async Task<Results<Ok<ParticipantRecord>, NotFound>> GetAsync(
        Guid id, HttpContext http, ParticipantLoader access, AppDbContext db, AuditTrail audit, CancellationToken ct)
    {
        var participant = await access.LoadAsync(http.User, id, ParticipantOperation.Read, ct);
        if (participant is null)
        {
            return TypedResults.NotFound();
        }

        audit.Record(AuditActions.ParticipantViewed, nameof(Participant), participant.Id);
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = ApiVersions.ETag(participant.Version);
        return TypedResults.Ok(ParticipantRecord.From(participant));
    }

    private static Task<IResult> AcknowledgeAsync(Guid id, HttpContext http, ParticipantLoader access, ParticipantService participants, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, access, participants, t, participants.Acknowledge());

    private static Task<IResult> PutOnWaitingListAsync(Guid id, HttpContext http, ParticipantLoader access, ParticipantService participants, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, access, participants, t, participants.PutOnWaitingList());

    private static async Task<IResult> DeclineAsync(Guid id, HttpContext http, ParticipantLoader access, ParticipantService participants, IStringLocalizer<SharedResource> t)
    {
        var (request, problem) = await ApiJson.ReadAsync<DeclineRequest>(http, t);
        if (request is null)
        {
            return problem!;
        }

        if (request.Reason is not { } reason || !Enum.IsDefined(reason))
        {
            return ApiValidation.For(t, nameof(DeclineRequest.Reason), t["Common.UnknownChoice"]);
        }

        return await StepAsync(id, http, access, participants, t, participants.Decline(reason));
    }

    /// <summary>
    /// One lifecycle step on her record through <see cref="ParticipantService"/>, the same door as the record page: found
    /// within the caller's associations (404 otherwise), still at the version the client holds when she sends If-Match
    /// (412 otherwise, also when someone saves in between), allowed by the rules (409 with the rule's message otherwise).
    /// </summary>
    private static async Task<IResult> StepAsync(
        Guid id, HttpContext http, ParticipantLoader access, ParticipantService participants, IStringLocalizer<SharedResource> t, ParticipantStep step)
    {
        var ct = http.RequestAborted;
        var participant = await access.LoadAsync(http.User, id, ParticipantOperation.Step, ct);
        if (participant is null)
        {
            return TypedResults.NotFound();
        }

        if (ApiVersions.Refusal(http.Request, participant.Version, t) is { } refused)
        {
            return refused;
        }

        var result = await participants.RunAsync(participant, null, step, ct);
        switch (result.Outcome)
        {
            case StepOutcome.Refused:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, t["Api.Conflict"], t[result.RefusalKey ?? "Common.SaveRefused"]);
            case StepOutcome.Stale:
                return ApiProblems.Stale(t);
        }

        http.Response.Headers.ETag = ApiVersions.ETag(participant.Version);
        var newest = participant.Referrals.OrderByDescending(r => r.CreatedAt).FirstOrDefault();
        return TypedResults.Ok(new ParticipantStateResponse(participant.Id, participant.Version, participant.Status, newest?.Status));
    }
}
