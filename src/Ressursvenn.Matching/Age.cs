namespace Ressursvenn.Matching;

/// <summary>
/// Age in whole years on a date. Someone born on 29 February turns a year older on 1 March in a year that is not a
/// leap year (the day after 28 February), so she has not yet turned 25 on 28 February of such a year.
/// </summary>
public static class Age
{
    public static int On(DateOnly birthDate, DateOnly date)
    {
        var age = date.Year - birthDate.Year;
        return date < BirthdayIn(birthDate, date.Year) ? age - 1 : age;
    }

    /// <summary>The date of her birthday in <paramref name="year"/> (29 February → 1 March outside leap years).</summary>
    public static DateOnly BirthdayIn(DateOnly birthDate, int year) =>
        birthDate is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, birthDate.Month, birthDate.Day);

    /// <summary>
    /// The latest birth date of someone who is at least <paramref name="years"/> old on <paramref name="date"/>
    /// (age is monotone in the birth date, so "old enough" is "born on or before this").
    /// </summary>
    public static DateOnly LatestBirthDateForAge(DateOnly date, int years)
    {
        var candidate = date.AddYears(-years);
        // AddYears maps 29 Feb to 28 Feb; step forward while a later birth date still qualifies (at most a day).
        while (On(candidate.AddDays(1), date) >= years)
        {
            candidate = candidate.AddDays(1);
        }

        while (On(candidate, date) < years)
        {
            candidate = candidate.AddDays(-1);
        }

        return candidate;
    }
}
