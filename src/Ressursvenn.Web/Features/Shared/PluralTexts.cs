using Microsoft.Extensions.Localization;

namespace Ressursvenn.Web.Features.Shared;

/// <summary>
/// Texts with a count, in the right number in both languages: KEY.One for 1, KEY.Other for the rest, and KEY.Zero
/// for 0 when the resource files have one ("Har ventet 0 dager" reads better as "Kom på ventelisten i dag"). The
/// count is argument {0}; further arguments follow it. A unit test (PluralTextsTests) refuses a resource value that
/// puts a count before a word without these forms.
/// </summary>
public static class PluralTexts
{
    public const string One = ".One";
    public const string Other = ".Other";
    public const string Zero = ".Zero";

    public static LocalizedString Plural(this IStringLocalizer t, string key, long count, params object[] more)
    {
        ArgumentNullException.ThrowIfNull(t);
        object[] arguments = [count, .. more];
        if (count == 0 && t[key + Zero] is { ResourceNotFound: false })
        {
            return t[key + Zero, arguments];
        }

        return t[key + (count == 1 ? One : Other), arguments];
    }
}
