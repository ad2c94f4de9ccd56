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
}
