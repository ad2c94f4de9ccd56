using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Infrastructure.Messaging;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>
/// Inviting a user: the account is made without a password, and a single-use link (72 hours) lets her choose
/// a password and enrol her authenticator. Used by the admin pages and by the create-admin command.
/// </summary>
public sealed class UserInvitations(
    AppDbContext db, UserManager<AppUser> users, OneTimeTokenService tokens, Outbox outbox, EmailTemplates templates,
    IStringLocalizer<SharedResource> t, AuditTrail audit, AssociationAccessGrants grants, UnitOfWork unitOfWork)
{
    public sealed record Request(string Name, string Email, string Role, IReadOnlyCollection<Guid> AssociationIds, Guid? CrisisCentreId);

    public sealed record Result(Guid? UserId, string? Token, string? Field, string? Error);

    /// <summary>The roles an admin can invite here; volunteers are invited by their coordinator.</summary>
    public static readonly IReadOnlyList<string> InvitableRoles = [Roles.Coordinator, Roles.CrisisCentreStaff, Roles.NationalAdmin, Roles.PrivacyOfficer];

    public async Task<Result> InviteAsync(Request request, Guid? invitedBy, bool sendEmail = true, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problem = await CheckOrganisationAsync(request.Role, request.AssociationIds, request.CrisisCentreId, ct);
        if (problem is not null)
        {
            return problem;
        }

        var address = request.Email.Trim();
        if (await users.FindByEmailAsync(address) is not null)
        {
            return new Result(null, null, "Email", t["Identity.DuplicateEmail"]);
        }

        var user = new AppUser
        {
            UserName = address,
            Email = address,
            DisplayName = request.Name.Trim(),
            Role = request.Role,
            CrisisCentreId = request.Role == Roles.CrisisCentreStaff ? request.CrisisCentreId : null,
            Associations = request.Role == Roles.Coordinator
                ? request.AssociationIds.Distinct().Select(a => new CoordinatorAssociation { AssociationId = a }).ToList()
                : [],
        };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return new Result(null, null, "Email", created.Errors.First().Description);
        }

        var token = tokens.Create(TokenPurpose.Invitation, user.Id, invitedBy);
        audit.Record(AuditActions.UserInvited, nameof(AppUser), user.Id, user.Role, invitedBy);
        // Inviting a coordinator opens her associations' women: a grant each, and their coordinators are told.
        await grants.RecordAsync(user.Id, user.Associations.Select(a => a.AssociationId), AssociationAccessGrants.How.Invited, invitedBy, ct);
        if (sendEmail)
        {
            outbox.Enqueue(templates.Invitation(address, token), user.Associations.Select(a => (Guid?)a.AssociationId).FirstOrDefault());
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Result(user.Id, token, null, null);
    }

    /// <summary>
    /// Invites a volunteer to her own account (by her coordinator, from the interview on): role Volunteer, her name
    /// and e-mail from her record, password login (an authenticator is optional for volunteers). Her record is linked
    /// to the account in the same transaction, so the caller's version check on it (ExpectVersion) guards the whole.
    /// </summary>
    public async Task<Result> InviteVolunteerAsync(Volunteer volunteer, Guid invitedBy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        var address = volunteer.Email.Trim();
        if (await users.FindByEmailAsync(address) is not null)
        {
            return new Result(null, null, "Email", t["Identity.DuplicateEmail"]);
        }

        var user = new AppUser { UserName = address, Email = address, DisplayName = volunteer.Name.Trim(), Role = Roles.Volunteer };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Linked before the account is stored: the one save writes both, and a lost update of her record stops both.
        volunteer.UserId = user.Id;
        IdentityResult created = IdentityResult.Failed();
        if (await unitOfWork.SaveAsync(async () => created = await users.CreateAsync(user)) != SaveOutcome.Saved)
        {
            // Her record changed meanwhile (the one save of account and record was refused): nothing was stored.
            return new Result(null, null, null, t["Common.Concurrency"]);
        }

        if (!created.Succeeded)
        {
            volunteer.UserId = null;
            return new Result(null, null, "Email", created.Errors.First().Description);
        }

        var token = tokens.Create(TokenPurpose.Invitation, user.Id, invitedBy);
        audit.Record(AuditActions.UserInvited, nameof(AppUser), user.Id, user.Role, invitedBy);
        outbox.Enqueue(templates.Invitation(address, token), volunteer.AssociationId);
        if (await unitOfWork.SaveAsync(ct) != SaveOutcome.Saved)
        {
            // Her record changed meanwhile: the account goes with the rolled-back transaction, nothing was sent.
            return new Result(null, null, null, t["Common.Concurrency"]);
        }

        await tx.CommitAsync(ct);
        return new Result(user.Id, token, null, null);
    }

    /// <summary>Sends a new link to someone who has not yet accepted (older links stop working).</summary>
    public async Task<bool> ResendAsync(AppUser user, Guid invitedBy, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await users.HasPasswordAsync(user) && (user.TwoFactorEnabled || !Roles.RequiresMfa(user.Role)))
        {
            return false;
        }

        await tokens.RevokeAllAsync(user.Id, TokenPurpose.Invitation, ct);
        var token = tokens.Create(TokenPurpose.Invitation, user.Id, invitedBy);
        audit.Record(AuditActions.InvitationResent, nameof(AppUser), user.Id, userId: invitedBy);
        outbox.Enqueue(templates.Invitation(user.Email!, token), await AssociationOfAsync(user, ct));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Whose coordinators see an invitation that cannot be sent: a coordinator's first association; otherwise the national admins.</summary>
    private async Task<Guid?> AssociationOfAsync(AppUser user, CancellationToken ct) =>
        await db.CoordinatorAssociations.Where(c => c.UserId == user.Id).Select(c => (Guid?)c.AssociationId).FirstOrDefaultAsync(ct);

    /// <summary>Coordinators need at least one existing association; crisis-centre staff exactly one existing centre.</summary>
    public async Task<Result?> CheckOrganisationAsync(string role, IReadOnlyCollection<Guid> associationIds, Guid? crisisCentreId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(associationIds);
        // Only the roles the admin forms offer: a posted "Volunteer" would make a staff account vanish from them.
        if (!InvitableRoles.Contains(role))
        {
            return new Result(null, null, "Role", t["Users.RoleRequired"]);
        }

        if (role == Roles.Coordinator)
        {
            var distinct = associationIds.Distinct().ToList();
            var found = await db.Associations.CountAsync(a => distinct.Contains(a.Id), ct);
            if (distinct.Count == 0 || found != distinct.Count)
            {
                return new Result(null, null, "AssociationIds", t["Users.AssociationRequired"]);
            }
        }

        if (role == Roles.CrisisCentreStaff && (crisisCentreId is null || !await db.CrisisCentres.AnyAsync(c => c.Id == crisisCentreId, ct)))
        {
            return new Result(null, null, "CrisisCentreId", t["Users.CrisisCentreRequired"]);
        }

        return null;
    }
}
