namespace Ressursvenn.Matching;

/// <summary>One normalisation for every free-text key (languages, interests, networks, municipality codes).</summary>
internal static class Text
{
    public static string Key(string value) => value.Trim().ToUpperInvariant();

    /// <summary>The distinct non-empty keys of a list.</summary>
    public static HashSet<string> Keys(IEnumerable<string> values) =>
        values.Select(Key).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
}
