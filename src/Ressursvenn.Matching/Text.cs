namespace Ressursvenn.Matching;

/// <summary>One normalisation for every free-text key (languages, interests, networks, municipality codes).</summary>
internal static class Text
{
    public static string Key(string value) => value.Trim().ToUpperInvariant();
}
