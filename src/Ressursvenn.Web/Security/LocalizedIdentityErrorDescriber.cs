using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Ressursvenn.Web.Security;

/// <summary>Identity's messages in the user's language, from the shared resources.</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> t) : IdentityErrorDescriber
{
    public IdentityError CommonPassword() => Error(nameof(CommonPassword));

    public IdentityError PasswordContainsEmail() => Error(nameof(PasswordContainsEmail));

    public IdentityError WeakPassword() => Error(nameof(WeakPassword));

    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = t["Identity.PasswordTooShort", length] };

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail));

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateEmail));

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail));

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidEmail));

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken));

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch));

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure));

    public override IdentityError DefaultError() => Error(nameof(DefaultError));

    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(InvalidToken));

    private IdentityError Error(string code) => new() { Code = code, Description = t["Identity." + code] };
}
