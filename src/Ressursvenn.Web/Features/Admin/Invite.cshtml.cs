using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Ressursvenn.Web.Features.Admin;

/// <summary>Inviting a coordinator, crisis-centre staff member, national admin or privacy officer by e-mail.</summary>
public sealed class InviteModel(UserInvitations invitations, AdminOptions options) : AppPageModel, IRoleFieldsModel
{
    [BindProperty]
    public InvitationInput Input { get; set; } = new();

    UserRoleInput IRoleFieldsModel.Input => Input;

    public IReadOnlyList<SelectListItem> Roles { get; private set; } = [];

    public IReadOnlyList<SelectListItem> Associations { get; private set; } = [];

    public IReadOnlyList<SelectListItem> CrisisCentres { get; private set; } = [];

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        var result = await invitations.InviteAsync(
            new UserInvitations.Request(Input.Name!, Input.Email!, Input.Role!, Input.AssociationIds, Input.CrisisCentreId),
            Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!));
        if (result.Error is not null)
        {
            ModelState.AddModelError("Input." + result.Field, result.Error);
            await LoadAsync();
            return Page();
        }

        StatusMessage = T("Users.Invited");
        return Redirect("/admin/brukere");
    }

    private async Task LoadAsync()
    {
        Roles = UserInvitations.InvitableRoles.Select(r => new SelectListItem(T("Role." + r), r)).ToList();
        Associations = await options.AssociationsAsync();
        CrisisCentres = await options.CrisisCentresAsync();
    }
}

/// <summary>What the shared role fields (_RoleFields) need from a page.</summary>
public interface IRoleFieldsModel
{
    UserRoleInput Input { get; }

    IReadOnlyList<SelectListItem> Roles { get; }

    IReadOnlyList<SelectListItem> Associations { get; }

    IReadOnlyList<SelectListItem> CrisisCentres { get; }
}

/// <summary>
/// Name and role with where the role applies: the user page's form. Its e-mail is not changed there, so the field is
/// the invitation's alone (<see cref="InvitationInput"/>) and the user page never validates it.
/// </summary>
public class UserRoleInput
{
    [Required(ErrorMessage = "Users.NameRequired")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Users.Name")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Users.RoleRequired")]
    [StringLength(40, ErrorMessage = "Common.UnknownChoice")]
    [Display(Name = "Users.Role")]
    public string? Role { get; set; }

    [Display(Name = "Users.Associations")]
    public List<Guid> AssociationIds { get; set; } = [];

    [Display(Name = "Users.CrisisCentre")]
    public Guid? CrisisCentreId { get; set; }

    public long Version { get; set; }
}

/// <summary>The invitation's form: the user page's fields and the e-mail the invitation is sent to.</summary>
public sealed class InvitationInput : UserRoleInput
{
    [Required(ErrorMessage = "Login.EmailRequired")]
    [EmailAddress(ErrorMessage = "Identity.InvalidEmail")]
    [StringLength(256, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Login.Email")]
    public string? Email { get; set; }
}
