using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Refuses passwords from the shipped list of common and breached passwords, and passwords that are the
/// user's own e-mail address (SR10). Length (12) is checked by Identity's own validator.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    public static int Count => List.Value.Count;

    public static bool IsCommon(string password) =>
        List.Value.Contains((password ?? string.Empty).Trim().ToLowerInvariant());

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var value = password ?? string.Empty;
        var describer = manager.ErrorDescriber as LocalizedIdentityErrorDescriber;
        if (IsCommon(value))
        {
            return Task.FromResult(IdentityResult.Failed(describer?.CommonPassword() ?? new IdentityError { Code = "CommonPassword" }));
        }

        if (!string.IsNullOrEmpty(user.Email) && value.Contains(user.Email.Split('@')[0], StringComparison.OrdinalIgnoreCase)
            && user.Email.Split('@')[0].Length >= 4)
        {
            return Task.FromResult(IdentityResult.Failed(describer?.PasswordContainsEmail() ?? new IdentityError { Code = "PasswordContainsEmail" }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Ressursvenn.Web.Security.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }
}
