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

    /// <summary>The needs of docs/domain.md §4.2.</summary>
    public static readonly IReadOnlyList<string> Needs =
        ["social", "job", "housing", "services", "norwegian", "children", "other"];

    /// <summary>The participants a programme may accept (setting <see cref="ProgrammeSettings.ParticipantGenders"/>).</summary>
    public static readonly IReadOnlyList<string> Genders = ["female", "male"];

    /// <summary>The offered choices plus those already chosen that are no longer offered (kept, never silently dropped), in the catalogue's order.</summary>
    public static IReadOnlyList<string> OfferedOrChosen(IReadOnlyList<string> offered, IEnumerable<string> chosen, IReadOnlyList<string> catalogue)
    {
        var keep = chosen.ToHashSet(StringComparer.Ordinal);
        return catalogue.Where(c => offered.Contains(c, StringComparer.Ordinal) || keep.Contains(c)).ToList();
    }

    /// <summary>Her age as a range (docs/domain.md §4.3: the anonymised proposal shows an age range, never a birth date).</summary>
    public static readonly IReadOnlyList<string> AgeGroups = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"];

    public static bool AllKnown(IEnumerable<string> codes, IReadOnlyList<string> list) =>
        codes.All(c => list.Contains(c, StringComparer.Ordinal));
}
