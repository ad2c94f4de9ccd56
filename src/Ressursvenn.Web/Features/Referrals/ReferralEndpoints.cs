using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Referrals;

/// <summary>
/// Referrals (docs/domain.md §4.2). A crisis-centre employee sends them and follows their status, never seeing a name or a
/// volunteer; a coordinator sees the referrals to her associations. The data scope's query filter limits both, and every
/// query here says its own limit as well.
/// </summary>
public static class ReferralEndpoints
{
    /// <summary>As many referrals as the centre's page shows.</summary>
    private const int ListLimit = 500;

    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/referrals", ListAsync)
            .RequireAuthorization(Policies.ReferralReader)
            .WithName("ListReferrals")
            .WithTags("Referrals")
            .WithSummary("The referrals the caller may follow: her centre's (crisis-centre staff) or her associations' (coordinators).");
        api.MapGet("/referrals/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.ReferralReader)
            .WithName("GetReferral")
            .WithTags("Referrals")
            .WithSummary("One referral; 404 when it does not exist or is not the caller's to see.");
        api.MapPost("/referrals", CreateAsync)
            .RequireAuthorization(Policies.CrisisCentreStaff)
            .Accepts<CreateReferralRequest>("application/json")
            .Produces<CreatedReferralResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("CreateReferral")
            .WithTags("Referrals")
            .WithSummary("Refers a woman to a local association the crisis centre works with, with her itemised consent.");
    }

    private static async Task<Ok<List<ReferralResponse>>> ListAsync(AppDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await Project(db, user, Scoped(db, user)).Take(ListLimit).ToListAsync(ct));

    private static async Task<Results<Ok<ReferralResponse>, NotFound>> GetAsync(Guid id, AppDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await Project(db, user, Scoped(db, user).Where(r => r.Id == id)).FirstOrDefaultAsync(ct) is { } referral
            ? TypedResults.Ok(referral)
            : TypedResults.NotFound();

    private static async Task<IResult> CreateAsync(HttpContext http, ReferralService referrals, IStringLocalizer<SharedResource> t, ClaimsPrincipal user)
    {
        var ct = http.RequestAborted;
        var (request, problem) = await ApiJson.ReadAsync<CreateReferralRequest>(http, t);
        if (request is null)
        {
            return problem!;
        }

        if (await referrals.MyCentreAsync(user, ct) is not { } centre)
        {
            return TypedResults.NotFound();
        }

        // The same door as the referral page (ReferralService), answered per field.
        var validation = new ApiValidation(t);
        validation.AddAnnotations(request);
        validation.AddControlCharacters(request);
        var consents = request.Consents ?? new ReferralConsents();
        var state = new ModelStateDictionary();
        // The annotations' messages go in first: the service saves nothing while any message stands.
        validation.CopyTo(state);
        var referral = await referrals.SubmitAsync(
            request, request.AssociationId, centre, new Dictionary<ConsentKind, bool>
            {
                [ConsentKind.Registration] = consents.Registration,
                [ConsentKind.ShareWithVolunteer] = consents.ShareWithVolunteer,
                [ConsentKind.Feedback] = consents.Feedback,
                [ConsentKind.Statistics] = consents.Statistics,
            },
            state, new ReferralFields(string.Empty, nameof(request.AssociationId), "Consents.Registration"), ct);
        validation.Add(state);
        if (!validation.IsValid || referral is null)
        {
            return validation.ToProblem();
        }

        return TypedResults.Created($"{ApiEndpoints.Prefix}/referrals/{referral.Id}", new CreatedReferralResponse(referral.Id, referral.Reference, referral.Status));
    }

    /// <summary>The caller's referrals: her centre's, or her associations'. Anyone else has none.</summary>
    private static IQueryable<Referral> Scoped(AppDbContext db, ClaimsPrincipal user)
    {
        var referrals = db.Referrals.AsNoTracking();
        if (user.IsInRole(Roles.CrisisCentreStaff))
        {
            var centre = db.Scope.CrisisCentreId;
            return referrals.Where(r => centre != Guid.Empty && r.CrisisCentreId == centre);
        }

        if (user.IsInRole(Roles.Coordinator))
        {
            var associations = db.Scope.AssociationIds.ToList();
            return referrals.Where(r => associations.Contains(r.AssociationId));
        }

        return referrals.Where(_ => false);
    }

    /// <summary>Newest first, with the association's name; the participant only for a coordinator.</summary>
    private static IQueryable<ReferralResponse> Project(AppDbContext db, ClaimsPrincipal user, IQueryable<Referral> referrals)
    {
        var joined = referrals
            .Join(db.Associations, r => r.AssociationId, a => a.Id, (r, a) => new { Referral = r, AssociationName = a.Name })
            .OrderByDescending(x => x.Referral.CreatedAt);
        return user.IsInRole(Roles.Coordinator)
            ? joined.Select(x => new ReferralResponse(
                x.Referral.Id, x.Referral.Reference, x.Referral.CreatedAt, x.AssociationName, x.Referral.Status, x.Referral.DeclineReason,
                x.Referral.StartMeetingOn, x.Referral.ParticipantId))
            : joined.Select(x => new ReferralResponse(
                x.Referral.Id, x.Referral.Reference, x.Referral.CreatedAt, x.AssociationName, x.Referral.Status, x.Referral.DeclineReason,
                x.Referral.StartMeetingOn, null));
    }
}
