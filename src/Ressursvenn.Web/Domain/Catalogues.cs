namespace Ressursvenn.Web.Domain;

/// <summary>
/// The fixed code lists shared by participants and volunteers (so matching compares like with like). Codes are
/// stored; the UI shows the resource text "{List}.{code}".
/// </summary>
public static class Catalogues
{
    /// <summary>ISO 639-1 codes of the languages most often met in Norwegian crisis centres.</summary>
    public static readonly IReadOnlyList<string> Languages =
        ["nb", "en", "ar", "so", "ti", "fa", "prs", "ur", "pl", "lt", "uk", "ru", "es", "fr", "tr", "ku", "th", "tl", "vi", "sw", "am", "ps"];

    public static readonly IReadOnlyList<string> Interests =
        ["walks", "coffee", "culture", "sport", "crafts", "cooking", "nature", "music", "reading", "children", "training", "games"];

    /// <summary>The needs of DOMAIN.md §4.2.</summary>
    public static readonly IReadOnlyList<string> Needs =
        ["social", "job", "housing", "services", "norwegian", "children", "other"];

    public static bool AllKnown(IEnumerable<string> codes, IReadOnlyList<string> list) =>
        codes.All(c => list.Contains(c, StringComparer.Ordinal));
}
