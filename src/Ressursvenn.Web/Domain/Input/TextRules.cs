using System.Globalization;

namespace Ressursvenn.Web.Domain.Input;

/// <summary>Rules for typed text shared by the pages and the API.</summary>
public static class TextRules
{
    /// <summary>
    /// Whether a text has nothing a reader could see: only white space and invisible format characters (zero-width
    /// spaces and joiners, direction marks, the byte-order mark, soft hyphens, Hangul fillers). Such a text counts as empty.
    /// </summary>
    public static bool IsBlank(string? value) => value is null || value.All(c => char.IsWhiteSpace(c) || IsInvisible(c));

    private static bool IsInvisible(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800';

    /// <summary>Sets every text property of a request that is blank (<see cref="IsBlank"/>) to null, before its rules run.</summary>
    public static void ClearBlankTexts(object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var property in model.GetType().GetProperties().Where(p => p.PropertyType == typeof(string) && p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            if (property.GetValue(model) is string text && IsBlank(text))
            {
                property.SetValue(model, null);
            }
        }
    }
}
