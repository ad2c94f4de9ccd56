using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Infrastructure.Messaging;
using Ressursvenn.Web.Security;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// Widening a search to neighbouring associations (docs/domain.md §5 rule 5): a coordinator asks an association near the
/// woman to let its volunteers be suggested for her; the partner's coordinators read only the anonymised summary kept
/// on the request and agree or refuse. Once agreed, <see cref="MatchingService.AllowedAssociationsAsync"/> lets the
/// partner's volunteers into her suggestions. Each step is audited and saved here; methods return null on success or
/// the resource key of the message to show.
/// </summary>
public sealed class WideningService(
    AppDbContext db, DataScope scope, GeoIndex geo, AuditTrail audit, Outbox outbox, EmailTemplates templates, UnitOfWork unitOfWork,
    TimeProvider clock)
{
    /// <summary>An association covering a municipality this close to her is a neighbour, whatever its county.</summary>
    public const double NeighbourKm = 50;

    public const string EntityType = nameof(WideningRequest);

    /// <summary>A neighbouring association and what became of the request for her, if one was made.</summary>
    public sealed record Neighbour(Guid Id, string Name, WideningStatus? Status);

    /// <summary>
    /// The active associations other than hers that are in her association's county, or that cover a municipality
    /// within <see cref="NeighbourKm"/> of where she lives (her county's centre when her identity is protected).
    /// </summary>
    public async Task<IReadOnlyList<Neighbour>> NeighboursAsync(Participant woman, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(woman);
        var places = await geo.GetAsync(ct);
        var position = MatchingProfiles.Woman(woman, places)?.Position;
        var associations = await db.Associations.AsNoTracking().Include(a => a.Municipalities).Where(a => a.Active || a.Id == woman.AssociationId)
            .ToListAsync(ct);
        var county = associations.FirstOrDefault(a => a.Id == woman.AssociationId)?.CountyCode;
        var asked = await db.WideningRequests.AsNoTracking().Where(w => w.ParticipantId == woman.Id)
            .ToDictionaryAsync(w => w.PartnerAssociationId, w => w.Status, ct);
        return associations
            .Where(a => a.Id != woman.AssociationId && a.Active)
            .Where(a => (county is not null && a.CountyCode == county)
                        || (position is { } here && a.Municipalities.Any(m =>
                            places.Municipalities.TryGetValue(m.MunicipalityCode, out var place) && Engine.Geo.DistanceKm(here, place.Position) <= NeighbourKm)))
            .OrderBy(a => a.Name, StringComparer.CurrentCulture)
            .Select(a => new Neighbour(a.Id, a.Name, asked.TryGetValue(a.Id, out var status) ? status : null))
            .ToList();
    }

    /// <summary>Asks a neighbouring association to share its volunteers for her, and tells its coordinators (a neutral e-mail).</summary>
    public async Task<string?> RequestAsync(Participant woman, Guid partnerId, Guid? byUser, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(woman);
        if (woman.Status != ParticipantStatus.Waiting)
        {
            return "Match.NotWaiting";
        }

        var neighbour = (await NeighboursAsync(woman, ct)).FirstOrDefault(n => n.Id == partnerId);
        if (neighbour is null)
        {
            return "Widening.NotNeighbour";
        }

        if (neighbour.Status is not null)
        {
            return "Widening.AlreadyAsked";
        }

        var request = new WideningRequest
        {
            ParticipantId = woman.Id,
            AssociationId = woman.AssociationId,
            PartnerAssociationId = partnerId,
            Status = WideningStatus.Requested,
            RequestedByUserId = byUser,
            Summary = MatchingProfiles.Anonymise(woman, await geo.GetAsync(ct)),
        };
        db.WideningRequests.Add(request);
        audit.Record(AuditActions.WideningRequested, EntityType, request.Id);
        // One neutral e-mail to each coordinator of the partner: no name, no place, a link to the requests page (SR2).
        await outbox.EnqueueToCoordinatorsAsync(partnerId, templates.WideningRequestToCoordinator, ct: ct);
        // Refused: another coordinator asked the same association for her a moment earlier (one request per pair).
        return await unitOfWork.SaveAsync(ct) == SaveOutcome.Saved ? null : "Widening.AlreadyAsked";
    }

    /// <summary>A request to one of the caller's associations (tracked), or null (404): the asking association cannot answer its own.</summary>
    public async Task<WideningRequest?> FindForPartnerAsync(Guid id, CancellationToken ct = default)
    {
        var request = await db.WideningRequests.FirstOrDefaultAsync(w => w.Id == id, ct);
        return request is not null && !scope.IsSystem && scope.AssociationIds.Contains(request.PartnerAssociationId) ? request : null;
    }

    /// <summary>The partner's answer; refused as a lost update when someone answered or changed it meanwhile.</summary>
    public async Task<string?> AnswerAsync(WideningRequest request, long version, bool agree, Guid? byUser, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Version != version)
        {
            return "Common.Concurrency";
        }

        if (request.Status != WideningStatus.Requested)
        {
            return "Widening.AlreadyAnswered";
        }

        var entry = db.Entry(request);
        entry.Property(e => e.Version).OriginalValue = version;
        request.Status = agree ? WideningStatus.Agreed : WideningStatus.Refused;
        request.AnsweredByUserId = byUser;
        request.AnsweredAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(AuditActions.WideningAnswered, EntityType, request.Id, agree ? "agreed" : "refused");
        return await unitOfWork.SaveAsync(ct) == SaveOutcome.Saved ? null : "Common.Concurrency";
    }
}
