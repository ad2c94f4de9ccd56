namespace Ressursvenn.Matching;

/// <summary>The explainable parts of the soft score, in the order the weights list them.</summary>
public enum ScorePartKind { Distance, Interests, Availability, ExtraLanguages, Wishes, Experience, Fairness }

/// <summary>
/// One part of a score: what was measured (e.g. "12 km"), how well it fits (0..1) and the points it contributes
/// (fit × the part's normalised weight).
/// </summary>
public sealed record ScorePart(ScorePartKind Kind, string RawValue, double Fit, double Points);

/// <summary>A soft score 0–100 whose parts add up to <see cref="Total"/>.</summary>
public sealed record ScoreBreakdown(double Total, IReadOnlyList<ScorePart> Parts)
{
    /// <summary>The total in thousandths of a point, the integer used for ranking and for the batch plan.</summary>
    public int Milli => ScoreMath.ToMilli(Total);
}

internal static class ScoreMath
{
    public const int PartCount = 7;
    public const int ExperienceCap = 3;
    public const int FairnessCapMonths = 6;
    public const int ExtraLanguagesCap = 2;
    /// <summary>Years outside the wished age range at which the age wish no longer fits at all.</summary>
    public const double AgeWishToleranceYears = 10;

    public static int ToMilli(double total) => (int)Math.Round(total * 1000.0, MidpointRounding.AwayFromZero);

    public static int WholeMonthsBetween(DateOnly from, DateOnly to)
    {
        if (to <= from)
        {
            return 0;
        }

        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        return to.Day < from.Day ? months - 1 : months;
    }
}

/// <summary>The soft score of one pair, for a side-by-side view or a single proposal.</summary>
public static class SoftScore
{
    /// <summary>Scores the pair whether or not the hard rules allow it (check <see cref="HardRules"/> first).</summary>
    public static ScoreBreakdown Compute(WomanProfile woman, VolunteerProfile volunteer, MatchContext context)
    {
        var pool = VolunteerPool.Create([volunteer]);
        return pool.Explain(woman, 0, context);
    }

    /// <summary>How well an age fits a wished range (either end optional): 1 inside, falling to 0 ten years outside.</summary>
    public static double AgeWishFit(int? min, int? max, int age)
    {
        var outside = Math.Max(0, Math.Max((min ?? age) - age, age - (max ?? age)));
        return Math.Max(0, 1 - (outside / ScoreMath.AgeWishToleranceYears));
    }

    /// <summary>Whether someone speaking <paramref name="spoken"/> speaks one of <paramref name="wanted"/> (trimmed, case-insensitive).</summary>
    public static bool SpeaksAny(IEnumerable<string> spoken, IEnumerable<string> wanted)
    {
        var keys = Text.Keys(wanted);
        return spoken.Any(l => keys.Contains(Text.Key(l)));
    }
}
