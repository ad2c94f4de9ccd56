namespace Ressursvenn.Matching;

/// <summary>Entry points for callers that do not keep a <see cref="VolunteerPool"/> between requests.</summary>
public static class MatchingEngine
{
    /// <summary>Ranked suggestions for one woman (see <see cref="VolunteerPool.Suggest"/>).</summary>
    public static SuggestionResult Suggest(WomanProfile woman, IReadOnlyList<VolunteerProfile> volunteers,
        MatchContext context, int topN, bool includeExcluded = false) =>
        VolunteerPool.Create(volunteers).Suggest(woman, context, topN, includeExcluded);
}
