using System.Globalization;

namespace Ressursvenn.Matching;

public sealed record Suggestion(VolunteerProfile Volunteer, ScoreBreakdown Score);

public sealed record ExcludedVolunteer(VolunteerProfile Volunteer, IReadOnlyList<Exclusion> Exclusions);

/// <summary>The best allowed volunteers, best first, and (when asked) every excluded volunteer with her reasons.</summary>
public sealed record SuggestionResult(IReadOnlyList<Suggestion> Suggestions, int AllowedCount, IReadOnlyList<ExcludedVolunteer> Excluded);

public sealed partial class VolunteerPool
{
    /// <summary>
    /// Filters by every hard rule, scores the allowed volunteers and returns the best <paramref name="topN"/>:
    /// highest score (in thousandths of a point) first, ties broken by volunteer id ascending (Guid order).
    /// </summary>
    public SuggestionResult Suggest(WomanProfile woman, MatchContext context, int topN, bool includeExcluded = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topN);
        var q = Prepare(woman, context);
        var day = context.ProposalDate.DayNumber;
        var top = new int[topN];
        var topScore = new int[topN];
        var kept = 0;
        var allowedCount = 0;
        List<ExcludedVolunteer>? excluded = includeExcluded ? [] : null;
        Span<double> fit = stackalloc double[ScoreMath.PartCount];
        for (var i = 0; i < ids.Length; i++)
        {
            if (!IsAllowed(q, i, day, out var km))
            {
                excluded?.Add(new ExcludedVolunteer(Volunteers[i], HardRules.Evaluate(woman, Volunteers[i], context)));
                continue;
            }

            allowedCount++;
            if (topN == 0)
            {
                continue;
            }

            var score = ScoreMath.ToMilli(Fits(q, i, km, fit));
            if (kept == topN && !Better(score, i, topScore[kept - 1], top[kept - 1]))
            {
                continue;
            }

            // Insertion into the small sorted prefix: partial selection, no full sort.
            var pos = kept < topN ? kept++ : kept - 1;
            while (pos > 0 && Better(score, i, topScore[pos - 1], top[pos - 1]))
            {
                top[pos] = top[pos - 1];
                topScore[pos] = topScore[pos - 1];
                pos--;
            }

            top[pos] = i;
            topScore[pos] = score;
        }

        var suggestions = new Suggestion[kept];
        for (var k = 0; k < kept; k++)
        {
            suggestions[k] = new Suggestion(Volunteers[top[k]], Explain(q, top[k]));
        }

        return new SuggestionResult(suggestions, allowedCount, (IReadOnlyList<ExcludedVolunteer>?)excluded ?? []);
    }

    /// <summary>The score breakdown of volunteer <paramref name="index"/> for the woman (hard rules not checked).</summary>
    public ScoreBreakdown Explain(WomanProfile woman, int index, MatchContext context) =>
        Explain(Prepare(woman, context), index);

    /// <summary>Calls <paramref name="edge"/> for every allowed volunteer with a score above 0, in pool order.</summary>
    internal void ForEachAllowed(WomanProfile woman, MatchContext context, Action<int, int> edge)
    {
        var q = Prepare(woman, context);
        var day = context.ProposalDate.DayNumber;
        Span<double> fit = stackalloc double[ScoreMath.PartCount];
        for (var i = 0; i < ids.Length; i++)
        {
            if (IsAllowed(q, i, day, out var km) && ScoreMath.ToMilli(Fits(q, i, km, fit)) is var s and > 0)
            {
                edge(i, s);
            }
        }
    }

    private bool Better(int scoreA, int a, int scoreB, int b) =>
        scoreA > scoreB || (scoreA == scoreB && ids[a].CompareTo(ids[b]) < 0);

    private ScoreBreakdown Explain(Query q, int i)
    {
        var w = q.Woman;
        var km = Geo.DistanceKm(q.Lat, q.Lon, q.CosLat, lat[i], lon[i], cosLat[i]);
        Span<double> fit = stackalloc double[ScoreMath.PartCount];
        var total = Fits(q, i, km, fit);
        var v = Volunteers[i];
        var inv = CultureInfo.InvariantCulture;
        var sharedInterests = Vocabulary.Shared(q.InterestMask, interestMask.AsSpan(i * interestStride, interestStride));
        var sharedSlots = new WeeklyAvailability(w.Availability.Bits & availability[i]).Count;
        var extra = ExtraLanguages(q, i);
        var months = v.WaitingSince is { } since ? ScoreMath.WholeMonthsBetween(since, q.ProposalDate) : 0;
        var age = Age.On(v.BirthDate, q.ProposalDate);
        string[] raw =
        [
            string.Create(inv, $"{km:0.#} km"),
            string.Create(inv, $"{sharedInterests} shared interests"),
            string.Create(inv, $"{sharedSlots} of {w.Availability.Count} times free"),
            string.Create(inv, $"{extra} more shared languages"),
            w.WishedMinAge is null && w.WishedMaxAge is null && q.WishedLanguages is null && q.CommunityLanguages is null
                ? "no wishes" : string.Create(inv, $"age {age}; wishes fit {fit[4]:P0}"),
            string.Create(inv, $"{v.ExperienceMatches} earlier matches"),
            string.Create(inv, $"waited {months} months"),
        ];
        var parts = new ScorePart[ScoreMath.PartCount];
        for (var k = 0; k < parts.Length; k++)
        {
            parts[k] = new ScorePart((ScorePartKind)k, raw[k], fit[k], fit[k] * q.PointsPerPart[k]);
        }

        return new ScoreBreakdown(total, parts);
    }
}
