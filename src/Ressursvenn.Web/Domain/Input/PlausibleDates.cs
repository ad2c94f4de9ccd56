namespace Ressursvenn.Web.Domain.Input;

/// <summary>A range of dates that makes sense for one kind of field, relative to today (Oslo date).</summary>
public sealed record DateRange(int YearsBack, int YearsAhead)
{
    public DateOnly Earliest(DateOnly today) => today.AddYears(-YearsBack);

    public DateOnly Latest(DateOnly today) => today.AddYears(YearsAhead);

    public bool Contains(DateOnly date, DateOnly today) => date >= Earliest(today) && date <= Latest(today);
}

/// <summary>
/// Bad input is refused, not stored (SR22): each kind of date field has a plausible range, defined once here and used
/// by the pages and the API alike (a move-out date of 0001-01-01 or 9999-12-31 is a typing slip, not a plan).
/// </summary>
public static class PlausibleDates
{
    /// <summary>When she moves out of the crisis centre: recently, or within the next two years.</summary>
    public static readonly DateRange MoveOut = new(1, 2);

    /// <summary>A conversation or check that was held: within the last two years, not in the future.</summary>
    public static readonly DateRange Held = new(2, 0);

    /// <summary>A police certificate's dates: within the last year, not in the future (the certificate rule is stricter).</summary>
    public static readonly DateRange Certificate = new(1, 0);

    /// <summary>A training module completed: within the last ten years, not in the future.</summary>
    public static readonly DateRange Completed = new(10, 0);

    /// <summary>A gathering: within the last year (recorded afterwards) or the next two.</summary>
    public static readonly DateRange Gathering = new(1, 2);

    /// <summary>The range of a field by its name here (for <c>PlausibleDateAttribute</c>).</summary>
    public static DateRange Named(string name) => name switch
    {
        nameof(MoveOut) => MoveOut,
        nameof(Held) => Held,
        nameof(Certificate) => Certificate,
        nameof(Completed) => Completed,
        nameof(Gathering) => Gathering,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such date range."),
    };
}
