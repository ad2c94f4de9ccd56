using Ressursvenn.Web.Domain.Calendar;

namespace Ressursvenn.UnitTests;

public sealed class WorkingDaysTests
{
    private static DateTimeOffset Oslo(int year, int month, int day, int hour) =>
        new(new DateTime(year, month, day, hour, 0, 0), WorkingDays.Oslo.GetUtcOffset(new DateTime(year, month, day, hour, 0, 0)));

    [Fact]
    public void OrdinaryWeek_MondayPlusFiveWorkingDays_IsNextMonday()
    {
        Assert.Equal(new DateOnly(2026, 11, 30), WorkingDays.Add(new DateOnly(2026, 11, 23), 5));
        Assert.Equal(new DateOnly(2026, 11, 27), WorkingDays.Add(new DateOnly(2026, 11, 23), 4));
    }

    [Fact]
    public void AcrossAWeekend_FridayPlusOne_IsMonday_AndSaturdayCountsFromMonday()
    {
        Assert.Equal(new DateOnly(2026, 11, 30), WorkingDays.Add(new DateOnly(2026, 11, 27), 1));
        Assert.Equal(new DateOnly(2026, 12, 4), WorkingDays.Add(new DateOnly(2026, 11, 28), 5));
    }

    [Fact]
    public void AcrossEaster2026_MaundyThursdayGoodFridayAndEasterMondayAreNotWorkingDays()
    {
        // Easter Sunday 2026 is 5 April: 2, 3 and 6 April are public holidays.
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2026, 4, 2)));
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2026, 4, 3)));
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2026, 4, 6)));
        Assert.True(WorkingDays.IsWorkingDay(new DateOnly(2026, 4, 1)));
        // Received Wednesday 1 April: 7, 8, 9, 10, 13 April are the five working days.
        Assert.Equal(new DateOnly(2026, 4, 13), WorkingDays.Add(new DateOnly(2026, 4, 1), 5));
    }

    [Theory]
    [InlineData(2026, 5, 1)]
    [InlineData(2026, 5, 14)]
    [InlineData(2026, 5, 25)]
    [InlineData(2026, 12, 25)]
    [InlineData(2026, 12, 26)]
    [InlineData(2027, 1, 1)]
    public void NorwegianPublicHolidays_AreNotWorkingDays(int year, int month, int day)
    {
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(year, month, day)));
    }

    [Fact]
    public void Seventeenth_OfMay_OnAWeekday_IsNotAWorkingDay()
    {
        // 17 May 2027 is a Monday.
        Assert.Equal(DayOfWeek.Monday, new DateOnly(2027, 5, 17).DayOfWeek);
        Assert.False(WorkingDays.IsWorkingDay(new DateOnly(2027, 5, 17)));
    }

    [Fact]
    public void Deadline_UsesTheOsloDate_NotTheUtcDate()
    {
        // 23:30 UTC on Thursday 26 November is already Friday 00:30 in Oslo: one working day later is Monday.
        var thursdayLateUtc = new DateTimeOffset(2026, 11, 26, 23, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateOnly(2026, 11, 27), WorkingDays.OsloDate(thursdayLateUtc));
        Assert.Equal(new DateOnly(2026, 11, 30), WorkingDays.Deadline(thursdayLateUtc, 1));
        // 22:00 in Oslo on Thursday is still Thursday: one working day later is Friday.
        Assert.Equal(new DateOnly(2026, 11, 27), WorkingDays.Deadline(Oslo(2026, 11, 26, 22), 1));
    }

    [Fact]
    public void IsOverdue_OnlyAfterTheWholeDeadlineDay()
    {
        var received = Oslo(2026, 11, 23, 10);
        Assert.False(WorkingDays.IsOverdue(received, 5, Oslo(2026, 11, 30, 22)));
        Assert.True(WorkingDays.IsOverdue(received, 5, Oslo(2026, 12, 1, 8)));
    }
}
