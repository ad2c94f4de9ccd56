using PublicHoliday;

namespace Ressursvenn.Web.Domain.Calendar;

/// <summary>
/// Norwegian working days: Monday to Friday that are not public holidays (Easter, Ascension, Whit Monday,
/// 1 and 17 May, Christmas, New Year — from the PublicHoliday package's Norwegian calendar). Used for
/// deadlines such as "a referral is acknowledged within 5 working days". Dates are Europe/Oslo calendar dates.
/// </summary>
public static class WorkingDays
{
    private static readonly NorwayPublicHoliday Holidays = new();

    public static TimeZoneInfo Oslo { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !Holidays.IsPublicHoliday(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>The date that is <paramref name="workingDays"/> working days after <paramref name="start"/> (the start day itself does not count).</summary>
    public static DateOnly Add(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var date = start;
        for (var counted = 0; counted < workingDays;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
    }

    /// <summary>The Oslo calendar date of a stored UTC timestamp (for display).</summary>
    public static DateOnly OsloDate(DateTime utc) => OsloDate(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>The Oslo calendar date of a UTC instant.</summary>
    public static DateOnly OsloDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Oslo).DateTime);

    /// <summary>
    /// The last day something received at <paramref name="receivedAt"/> may be handled within the limit: the limit
    /// counts working days after the day it arrived (Oslo time).
    /// </summary>
    public static DateOnly Deadline(DateTimeOffset receivedAt, int workingDays) => Add(OsloDate(receivedAt), workingDays);

    /// <summary>True when the deadline has passed at <paramref name="now"/> (the whole deadline day is allowed).</summary>
    public static bool IsOverdue(DateTimeOffset receivedAt, int workingDays, DateTimeOffset now) =>
        OsloDate(now) > Deadline(receivedAt, workingDays);
}
