using System.Collections.Frozen;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Refuses weak passwords (SR10, ADR 0006), wherever a password is set through Identity (setup link, invitation,
/// reset, change, and every command that creates a user): one of the shipped list of common and breached passwords;
/// one that holds the user's own e-mail name; and one the zxcvbn strength estimator (zxcvbn-core) finds guessable —
/// with a Norwegian word list shipped with the app (<c>Security/norwegian-words.txt</c>: words, names, months,
/// seasons, places, "passord") and the user's own name and e-mail parts as extra dictionary words, so
/// <c>passord12345</c>, <c>Sommer2024!!</c> or her own name with a digit are refused while a long passphrase passes.
/// Each refusal has one message that says how to do better. The length (12) is checked by Identity's own validator.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    /// <summary>
    /// The lowest zxcvbn score accepted (0–4): 3 means about 10^10 guesses or more, the level zxcvbn's authors
    /// recommend for accounts that matter.
    /// </summary>
    public const int MinimumScore = 3;

    private static readonly Lazy<FrozenSet<string>> List = new(Load);
    private static readonly Lazy<IReadOnlyList<string>> Norwegian = new(LoadNorwegian);
    private static readonly Lazy<global::Zxcvbn.Zxcvbn> Estimator = new(() => new global::Zxcvbn.Zxcvbn());

    public static int Count => List.Value.Count;

    public static int NorwegianWordCount => Norwegian.Value.Count;

    public static bool IsCommon(string password) =>
        List.Value.Contains((password ?? string.Empty).Trim().ToLowerInvariant());

    /// <summary>The zxcvbn score (0–4) of a password for a user: her own name and e-mail count as the likeliest words.</summary>
    public static int Score(string password, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var words = PersonalWords(user).Concat(Norwegian.Value).ToList();
        return Estimator.Value.EvaluatePassword(password ?? string.Empty, words).Score;
    }

    /// <summary>
    /// The reason a password is refused for a user ("CommonPassword", "PasswordContainsEmail", "WeakPassword"), or
    /// null when it is strong enough.
    /// </summary>
    public static string? Refusal(string? password, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var value = password ?? string.Empty;
        if (IsCommon(value))
        {
            return "CommonPassword";
        }

        var mailbox = user.Email?.Split('@')[0] ?? string.Empty;
        if (mailbox.Length >= 4 && value.Contains(mailbox, StringComparison.OrdinalIgnoreCase))
        {
            return "PasswordContainsEmail";
        }

        return Score(value, user) < MinimumScore ? "WeakPassword" : null;
    }

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        var describer = manager.ErrorDescriber as LocalizedIdentityErrorDescriber;
        return Task.FromResult(Refusal(password, user) switch
        {
            null => IdentityResult.Success,
            "CommonPassword" => IdentityResult.Failed(describer?.CommonPassword() ?? new IdentityError { Code = "CommonPassword" }),
            "PasswordContainsEmail" => IdentityResult.Failed(describer?.PasswordContainsEmail() ?? new IdentityError { Code = "PasswordContainsEmail" }),
            _ => IdentityResult.Failed(describer?.WeakPassword() ?? new IdentityError { Code = "WeakPassword" }),
        });
    }

    /// <summary>Her name's parts, her e-mail name and its parts, and her mail domain's labels (each of 3 letters or more).</summary>
    public static IEnumerable<string> PersonalWords(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var email = user.Email ?? string.Empty;
        var at = email.IndexOf('@', StringComparison.Ordinal);
        var mailbox = at < 0 ? email : email[..at];
        var domain = at < 0 ? string.Empty : email[(at + 1)..];
        var separators = new[] { ' ', '.', '-', '_', '+', '\'' };
        return new[] { user.DisplayName ?? string.Empty, mailbox }
            .Concat((user.DisplayName ?? string.Empty).Split(separators))
            .Concat(mailbox.Split(separators))
            .Concat(domain.Split('.'))
            .Select(w => w.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant())
            .Where(w => w.Length >= 3)
            .SelectMany(Folded)
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>A word, and the ways æ, ø and å are written without them (ae/oe/aa and a/o).</summary>
    private static IEnumerable<string> Folded(string word)
    {
        yield return word;
        if (word.AsSpan().IndexOfAny("æøå") < 0)
        {
            yield break;
        }

        yield return new StringBuilder(word).Replace("æ", "ae").Replace("ø", "oe").Replace("å", "aa").ToString();
        yield return new StringBuilder(word).Replace("æ", "a").Replace("ø", "o").Replace("å", "a").ToString();
    }

    private static FrozenSet<string> Load()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in ReadLines("Ressursvenn.Web.Security.common-passwords.txt"))
        {
            set.Add(line.ToLowerInvariant());
        }

        return set.ToFrozenSet(StringComparer.Ordinal);
    }

    private static List<string> LoadNorwegian() =>
        ReadLines("Ressursvenn.Web.Security.norwegian-words.txt")
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.ToLowerInvariant())
            .SelectMany(Folded)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<string> ReadLines(string resource)
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The word list {resource} is not embedded.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length > 0)
            {
                yield return line.Trim();
            }
        }
    }
}
