namespace Ressursvenn.Matching;

/// <summary>
/// Weights of the soft score's parts, set by the national admin. Non-negative and finite, at least one positive;
/// they are normalised so that a volunteer who is perfect on every part scores exactly 100.
/// </summary>
public sealed record ScoreWeights
{
    public ScoreWeights(double distance, double interests, double availability, double extraLanguages,
        double wishes, double experience, double fairness)
    {
        double[] all = [distance, interests, availability, extraLanguages, wishes, experience, fairness];
        foreach (var w in all)
        {
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(distance), "Every weight must be a finite number ≥ 0.");
            }
        }

        if (all.Sum() <= 0)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(distance));
        }

        (Distance, Interests, Availability, ExtraLanguages, Wishes, Experience, Fairness) =
            (distance, interests, availability, extraLanguages, wishes, experience, fairness);
    }

    public static ScoreWeights Default { get; } = new(30, 20, 20, 5, 10, 5, 10);

    public double Distance { get; }
    public double Interests { get; }
    public double Availability { get; }
    public double ExtraLanguages { get; }
    public double Wishes { get; }
    public double Experience { get; }
    public double Fairness { get; }

    /// <summary>Points each part is worth at full fit (sums to 100), in <see cref="ScorePartKind"/> order.</summary>
    internal double[] PointsPerPart()
    {
        double[] w = [Distance, Interests, Availability, ExtraLanguages, Wishes, Experience, Fairness];
        var sum = w.Sum();
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = w[i] * 100.0 / sum;
        }

        return w;
    }
}
