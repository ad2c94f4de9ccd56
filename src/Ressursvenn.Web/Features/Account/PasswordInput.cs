using System.ComponentModel.DataAnnotations;

namespace Ressursvenn.Web.Features.Account;

/// <summary>A new password typed twice; strength is checked by Identity's validators (length 12, common list).</summary>
public class PasswordInput
{
    [Required(ErrorMessage = "Password.Required")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Password.New")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Password.ConfirmRequired")]
    [Compare(nameof(Password), ErrorMessage = "Password.Mismatch")]
    [StringLength(200, ErrorMessage = "Validation.TooLong")]
    [Display(Name = "Password.Confirm")]
    public string? ConfirmPassword { get; set; }
}

/// <summary>The code typed in the authenticator step.</summary>
public sealed class TotpInput
{
    [Required(ErrorMessage = "LoginCode.Required")]
    [StringLength(20, ErrorMessage = "LoginCode.Invalid")]
    [Display(Name = "Totp.Code")]
    public string? Code { get; set; }
}
