using System.Globalization;
using System.Text;

namespace Ressursvenn.Matching;

/// <summary>
/// How networks (communities, family names, groups) are compared (docs/domain.md §5.7): each entry is normalised — case,
/// diacritics and Norwegian letters (æ ø å), spacing and punctuation, and the common words that only say "family"
/// ("familien", "-familien", "familie", "slekten", "slekta", "slekt", "klanen", "klan") — so "Khan-familien", "khan" and
/// "Familien Khan" are one network. Two entries that are equal after normalisation are the same network: the hard
/// rule excludes the volunteer. Entries that share a word but are not equal ("Khan" and "Khan Ali") may be the same:
/// that is a partial overlap, a warning the coordinator must acknowledge before proposing.
/// </summary>
public static class Networks
{
    private static readonly string[] FamilyWords = ["familien", "familie", "slekten", "slekta", "slekt", "klanen", "klan"];

    /// <summary>The normalised form of an entry (empty when nothing but family words or punctuation is left).</summary>
    public static string Key(string entry) => string.Join(' ', Words(entry));

    /// <summary>The distinct non-empty keys of a list of entries.</summary>
    public static HashSet<string> Keys(IEnumerable<string> entries) =>
        entries.Select(Key).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether any of the volunteer's networks is one of the woman's networks to avoid (equal after normalisation).</summary>
    public static bool AnySame(IEnumerable<string> avoid, IEnumerable<string> mine)
    {
        var keys = Keys(avoid);
        return mine.Any(m => keys.Contains(Key(m)));
    }

    /// <summary>
    /// The pairs (her network to avoid, the volunteer's network) that share a word without being the same network:
    /// what the coordinator must look at and acknowledge. Empty when there is none (or when they are the same: that is
    /// the hard rule's case, not a warning).
    /// </summary>
    public static IReadOnlyList<(string Avoid, string Mine)> PartialOverlaps(IEnumerable<string> avoid, IEnumerable<string> mine)
    {
        ArgumentNullException.ThrowIfNull(avoid);
        ArgumentNullException.ThrowIfNull(mine);
        var found = new List<(string, string)>();
        var mineWords = mine.Select(m => (Entry: m.Trim(), Key: Key(m), Words: Words(m).ToHashSet(StringComparer.Ordinal))).Where(m => m.Key.Length > 0).ToList();
        foreach (var a in avoid)
        {
            var key = Key(a);
            if (key.Length == 0)
            {
                continue;
            }

            var words = Words(a);
            foreach (var m in mineWords)
            {
                if (m.Key != key && words.Any(m.Words.Contains))
                {
                    found.Add((a.Trim(), m.Entry));
                }
            }
        }

        return found;
    }

    private static List<string> Words(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder(entry.Length);
        foreach (var c in entry.ToLowerInvariant().Replace("æ", "ae", StringComparison.Ordinal).Replace("ø", "o", StringComparison.Ordinal)
                     .Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            text.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        var words = new List<string>();
        foreach (var word in text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var stem = word;
            foreach (var family in FamilyWords)
            {
                // "khanfamilien" → "khan"; a family word alone is dropped.
                if (stem.EndsWith(family, StringComparison.Ordinal))
                {
                    stem = stem[..^family.Length];
                    break;
                }
            }

            if (stem.Length > 0)
            {
                words.Add(stem);
            }
        }

        return words;
    }
}
