using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.UnitTests.Participants;

/// <summary>
/// The acknowledgement limit (default 5 working days, second limit 10) counted in Norwegian working days:
/// weekends and public holidays do not count, and the whole deadline day is allowed.
/// </summary>
public sealed class AcknowledgementDeadlineTests
{
    private static readonly ProgrammeSettings Defaults = new();

    /// <summary>Noon in Oslo on that date, as UTC (winter time, +1).</summary>
    private static DateTime OsloNoon(int year, int month, int day) => new(year, month, day, 11, 0, 0, DateTimeKind.Utc);

    [Theory]
    // An ordinary week: received Monday → five working days later is the next Monday.
    [InlineData("2026-11-23", "2026-11-30")]
    // Across a weekend: received Friday → the following Friday.
    [InlineData("2026-11-27", "2026-12-04")]
    // Across Easter 2027 (Maundy Thursday 25 March, Good Friday 26, Easter Monday 29 are holidays).
    [InlineData("2027-03-24", "2027-04-05")]
    // Across Christmas 2026: 25 December is a holiday (26 is a Saturday); Christmas Eve and New Year's Eve are working days.
    [InlineData("2026-12-23", "2026-12-31")]
    // Across New Year: 1 January 2027 (a Friday) is a holiday.
    [InlineData("2026-12-30", "2027-01-07")]
    public void DueBy_CountsOnlyNorwegianWorkingDays(string received, string expected)
    {
        var at = DateOnly.Parse(received, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), AcknowledgementDeadline.DueBy(OsloNoon(at.Year, at.Month, at.Day), Defaults));
    }

    [Fact]
    public void StateOf_IsDueOnTheDeadlineDay_OverdueTheDayAfter_EscalatedPastTheSecondLimit()
    {
        var received = OsloNoon(2027, 3, 24);
        Assert.Equal(AcknowledgementState.Due, AcknowledgementDeadline.StateOf(received, null, Defaults, new DateTimeOffset(2027, 4, 5, 21, 59, 0, TimeSpan.Zero)));
        Assert.Equal(AcknowledgementState.Overdue, AcknowledgementDeadline.StateOf(received, null, Defaults, new DateTimeOffset(2027, 4, 5, 22, 1, 0, TimeSpan.Zero)));
        // Ten working days after 24 March 2027: 30, 31 March, 1, 2, 5, 6, 7, 8, 9, 12 April.
        Assert.Equal(AcknowledgementState.Overdue, AcknowledgementDeadline.StateOf(received, null, Defaults, new DateTimeOffset(2027, 4, 12, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(AcknowledgementState.Escalated, AcknowledgementDeadline.StateOf(received, null, Defaults, new DateTimeOffset(2027, 4, 13, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(AcknowledgementState.Done, AcknowledgementDeadline.StateOf(received, received.AddDays(30), Defaults, new DateTimeOffset(2027, 6, 1, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void TheLimitsAreSettings()
    {
        var strict = new ProgrammeSettings { AcknowledgeWorkingDays = 1, EscalateWorkingDays = 2 };
        var received = OsloNoon(2026, 11, 27); // a Friday
        Assert.Equal(new DateOnly(2026, 11, 30), AcknowledgementDeadline.DueBy(received, strict));
        Assert.Equal(AcknowledgementState.Overdue, AcknowledgementDeadline.StateOf(received, null, strict, new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(AcknowledgementState.Escalated, AcknowledgementDeadline.StateOf(received, null, strict, new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero)));
    }
}
