using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>
/// One staff account: change the role (and where it applies), disable or enable, send a new invitation.
/// A role change or disabling ends every session of the account at once (SR11).
/// </summary>
public sealed class UserDetailModel(AppDbContext db, UserManager<AppUser> users, UserInvitations invitations, SessionService sessions, AdminOptions options, AuditTrail audit, AssociationAccessGrants grants,
    AccountClosure closure)
    : AppPageModel, IRoleFieldsModel
{
    [BindProperty]
    public UserRoleInput Input { get; set; } = new();

    public AppUser Account { get; private set; } = null!;

    public bool Invited { get; private set; }

    public IReadOnlyList<SelectListItem> Roles { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Associations { get; private set; } = [];

    public IReadOnlyList<SelectListItem> CrisisCentres { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return Denied();
        }

        FillFromAccount();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return Denied();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var problem = await invitations.CheckOrganisationAsync(Input.Role!, Input.AssociationIds, Input.CrisisCentreId);
        if (problem is not null)
        {
            ModelState.AddModelError("Input." + problem.Field, problem.Error!);
            return Page();
        }

        if (Account.Role == Domain.Roles.NationalAdmin && Input.Role != Domain.Roles.NationalAdmin && await IsLastAdminAsync())
        {
            ModelState.AddModelError("Input.Role", T("Users.LastAdmin"));
            return Page();
        }

        var roleChanged = Account.Role != Input.Role
            || Account.CrisisCentreId != (Input.Role == Domain.Roles.CrisisCentreStaff ? Input.CrisisCentreId : null)
            || !Account.Associations.Select(a => a.AssociationId).Order().SequenceEqual(
                Input.Role == Domain.Roles.Coordinator ? Input.AssociationIds.Distinct().Order() : []);
        var opened = AssociationAccessGrants.NewlyOpened(
            Account.Role, Account.Associations.Select(a => a.AssociationId), Input.Role!, Input.AssociationIds);
        Account.DisplayName = Input.Name!.Trim();
        Account.Role = Input.Role!;
        Account.CrisisCentreId = Input.Role == Domain.Roles.CrisisCentreStaff ? Input.CrisisCentreId : null;
        Account.Associations.Clear();
        if (Input.Role == Domain.Roles.Coordinator)
        {
            Account.Associations.AddRange(Input.AssociationIds.Distinct().Select(a => new CoordinatorAssociation { AssociationId = a }));
        }

        // Identity's concurrency stamp refuses a lost update between two admins.
        db.Entry(Account).Property(u => u.ConcurrencyStamp).OriginalValue = Request.Form["Stamp"].ToString();
        if (roleChanged)
        {
            Account.SecurityStamp = Guid.NewGuid().ToString();
        }

        Account.ConcurrencyStamp = Guid.NewGuid().ToString();
        audit.Record(AuditActions.UserChanged, nameof(AppUser), Account.Id, roleChanged ? "RoleChanged" : null);
        // A disabled account opens nothing now; enabling her later is a grant of all her associations.
        await grants.RecordAsync(Account.Id, Account.Disabled ? [] : opened, AssociationAccessGrants.How.Added);
        if (!await TrySaveAsync(db))
        {
            return Page();
        }

        if (roleChanged)
        {
            await sessions.EndAllAsync(Account.Id, SessionEndReason.RoleChanged);
        }

        StatusMessage = T("Common.Saved");
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDisableAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return Denied();
        }

        if (Account.Id.ToString() == User.FindFirstValue(ClaimTypes.NameIdentifier) || (Account.Role == Domain.Roles.NationalAdmin && await IsLastAdminAsync()))
        {
            ModelState.AddModelError(string.Empty, T("Users.CannotDisableSelf"));
            FillFromAccount();
            return Page();
        }

        closure.Close(Account);
        if (!await TrySaveAsync(db))
        {
            if (!await LoadAsync(id))
            {
                return Denied();
            }

            FillFromAccount();
            return Page();
        }

        await closure.EndSessionsAsync(Account);
        StatusMessage = T("Users.DisabledDone");
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostEnableAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return Denied();
        }

        // Enabling a disabled coordinator opens her associations' women again: a grant each, told like a new one.
        if (Account.Disabled && Account.Role == Domain.Roles.Coordinator)
        {
            await grants.RecordAsync(Account.Id, Account.Associations.Select(a => a.AssociationId), AssociationAccessGrants.How.Enabled);
        }

        Account.Disabled = false;
        audit.Record(AuditActions.UserEnabled, nameof(AppUser), Account.Id);
        await users.SetLockoutEndDateAsync(Account, null);
        await users.ResetAccessFailedCountAsync(Account);
        StatusMessage = T("Users.EnabledDone");
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostResendAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return Denied();
        }

        StatusMessage = await invitations.ResendAsync(Account, Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!))
            ? T("Users.Invited")
            : T("Users.AlreadyActive");
        return RedirectToPage(new { id });
    }

    private void FillFromAccount() => Input = new UserRoleInput
    {
        Name = Account.DisplayName,
        Role = Account.Role,
        AssociationIds = Account.Associations.Select(a => a.AssociationId).ToList(),
        CrisisCentreId = Account.CrisisCentreId,
    };

    private async Task<bool> IsLastAdminAsync() =>
        !await db.Users.AnyAsync(u => u.Role == Domain.Roles.NationalAdmin && !u.Disabled && u.Id != Account.Id);

    private async Task<bool> LoadAsync(Guid id)
    {
        var account = await db.Users.Include(u => u.Associations).FirstOrDefaultAsync(u => u.Id == id && u.Role != Domain.Roles.Volunteer);
        if (account is null)
        {
            return false;
        }

        Account = account;
        Invited = account.PasswordHash is null || (Domain.Roles.RequiresMfa(account.Role) && !account.TwoFactorEnabled);
        Roles = UserInvitations.InvitableRoles.Select(r => new SelectListItem(T("Role." + r), r)).ToList();
        Associations = await options.AssociationsAsync();
        CrisisCentres = await options.CrisisCentresAsync();
        return true;
    }
}
