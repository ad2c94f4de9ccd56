using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests.Infrastructure;

/// <summary>What the journeys check after a step and how they type and read dates, shared by the journey tests.</summary>
public static partial class Journeys
{
    /// <summary>The status message a page shows after a step (the region screen readers announce).</summary>
    public static Task ExpectStatusAsync(IPage page, string text)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = text })).ToBeVisibleAsync();
    }

    /// <summary>A date as a date field takes it.</summary>
    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A date as the pages show it in Norwegian ("d": dd.MM.yyyy).</summary>
    public static string ShortDate(DateOnly date) => date.ToString("d", CultureInfo.GetCultureInfo("nb-NO"));

    /// <summary>Today in Oslo, the day the app compares dates with.</summary>
    public static DateOnly OsloToday() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo")).DateTime);
}
