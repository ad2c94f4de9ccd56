using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Referrals;

/// <summary>The names of a referral form's fields in the caller's model state, for its messages.</summary>
public sealed record ReferralFields(string Prefix, string Association, string RegistrationConsent);

/// <summary>
/// A crisis-centre employee's referral (docs/domain.md §4.2), the one door the referral page and the API both use: the
/// form's rules, an association the centre works with, her consent to registration, then her record and the referral
/// with their audit entries in one save.
/// </summary>
public sealed class ReferralService(AppDbContext db, AuditTrail audit, TimeProvider clock, IHttpContextAccessor http, UnitOfWork unitOfWork,
    IStringLocalizer<SharedResource> t)
{
    /// <summary>The crisis centre of the signed-in employee, or null.</summary>
    public async Task<Guid?> MyCentreAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.CrisisCentreId).FirstOrDefaultAsync(ct)
            : null;

    /// <summary>The active associations the centre refers to, by name.</summary>
    public async Task<List<(Guid Id, string Name)>> AssociationsOfAsync(Guid? crisisCentreId, CancellationToken ct = default) =>
        (await db.CrisisCentreAssociations.Where(c => c.CrisisCentreId == crisisCentreId)
            .Join(db.Associations.Where(a => a.Active), c => c.AssociationId, a => a.Id, (_, a) => new { a.Id, a.Name })
            .OrderBy(a => a.Name).ToListAsync(ct))
        .Select(a => (a.Id, a.Name)).ToList();

    /// <summary>
    /// Checks the referral and, when it holds, saves it: the new referral, or null with the messages in
    /// <paramref name="state"/> under the caller's <paramref name="fields"/> (nothing saved).
    /// </summary>
    public async Task<Referral?> SubmitAsync(
        ParticipantForm form, Guid? associationId, Guid crisisCentreId, IReadOnlyDictionary<ConsentKind, bool> consents, ModelStateDictionary state,
        ReferralFields fields, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(consents);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(fields);
        if (associationId is not { } association || !(await AssociationsOfAsync(crisisCentreId, ct)).Any(a => a.Id == association))
        {
            state.AddModelError(fields.Association, t["Referral.AssociationRequired"]);
        }

        if (!consents.TryGetValue(ConsentKind.Registration, out var registration) || !registration)
        {
            state.AddModelError(fields.RegistrationConsent, t["Referral.ConsentRequired"]);
        }

        await form.ValidateAsync(state, db, t, Domain.Calendar.WorkingDays.OsloDate(clock.GetUtcNow()), prefix: fields.Prefix);
        if (!state.IsValid)
        {
            return null;
        }

        var referral = Create(form, associationId!.Value, crisisCentreId, consents);
        return await unitOfWork.SaveAsync(ct) == SaveOutcome.Saved ? referral : Refused(state);
    }

    /// <summary>Her record and the referral with their audit entries, in the unit of work (not saved).</summary>
    private Referral Create(ParticipantForm form, Guid associationId, Guid crisisCentreId, IReadOnlyDictionary<ConsentKind, bool> consents)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var user = Guid.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (Guid?)null;
        var participant = new Participant { Name = form.Name!.Trim(), AssociationId = associationId };
        form.ApplyTo(participant);
        var referral = ParticipantLifecycle.Refer(participant, crisisCentreId, user, consents, now);
        db.Participants.Add(participant);
        audit.Record(AuditActions.ReferralCreated, nameof(Referral), referral.Id);
        audit.Record(AuditActions.ParticipantCreated, nameof(Participant), participant.Id);
        return referral;
    }

    private Referral? Refused(ModelStateDictionary state)
    {
        state.AddModelError(string.Empty, t["Common.SaveRefused"]);
        return null;
    }
}
