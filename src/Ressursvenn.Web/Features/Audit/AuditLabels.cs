using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Domain.Calendar;

namespace Ressursvenn.Web.Features.Audit;

/// <summary>
/// The audit trail in the reader's language, for the page and the CSV alike: the action (AuditAction.*), the kind of
/// record (AuditEntity.*), every code word in the detail (AuditDetail.*, e.g. "Coordinator:DoNotMatch" becomes
/// "koordinatoren: skal ikke kobles"; numbers, ids and words without a label stay as stored) and the time in Oslo.
/// The stored entries keep their codes: the hash chain covers them.
/// </summary>
public static partial class AuditLabels
{
    public const string ActionPrefix = "AuditAction.";
    public const string EntityPrefix = "AuditEntity.";
    public const string DetailPrefix = "AuditDetail.";

    public static string Action(IStringLocalizer t, string action) => Label(t, ActionPrefix, action);

    public static string Entity(IStringLocalizer t, string? entityType) => entityType is null ? string.Empty : Label(t, EntityPrefix, entityType);

    public static string Detail(IStringLocalizer t, string? detail)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (string.IsNullOrEmpty(detail))
        {
            return string.Empty;
        }

        var words = CodeWord().Replace(detail, m => Label(t, DetailPrefix, m.Value));
        // "by:reason" reads as "by: reason".
        return words.Replace(":", ": ", StringComparison.Ordinal);
    }

    /// <summary>The time of an entry in Oslo (the trail stores UTC), as dd.MM.yyyy HH:mm:ss.</summary>
    public static string OsloTime(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), WorkingDays.Oslo).ToString("dd.MM.yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// The label of a code, or of the same code capitalised: resource names are one namespace whatever their case, so
    /// "created" (training modules) and "Created" (gatherings) share the one label "AuditDetail.Created".
    /// </summary>
    private static string Label(IStringLocalizer t, string prefix, string code) =>
        t[prefix + code] is { ResourceNotFound: false } label ? label.Value
        : code.Length > 0 && char.IsLower(code[0]) && t[prefix + char.ToUpperInvariant(code[0]) + code[1..]] is { ResourceNotFound: false } capitalised ? capitalised.Value
        : code;

    /// <summary>A code word: letters, possibly with hyphens ("knows-her"); not numbers, ids or arrows.</summary>
    [GeneratedRegex(@"(?<![\w-])[A-Za-z][A-Za-z-]*(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex CodeWord();
}
