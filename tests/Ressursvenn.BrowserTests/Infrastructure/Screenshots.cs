using Microsoft.Playwright;

namespace Ressursvenn.BrowserTests.Infrastructure;

/// <summary>
/// Screenshots for a person to look at, only when RESSURSVENN_SCREENSHOTS names a folder
/// (e.g. RESSURSVENN_SCREENSHOTS=/tmp/rv-shots); the tests never compare them.
/// </summary>
public static class Screenshots
{
    public static string? Folder => Environment.GetEnvironmentVariable("RESSURSVENN_SCREENSHOTS") is { Length: > 0 } f ? f : null;

    public static async Task TakeAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (Folder is not { } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
