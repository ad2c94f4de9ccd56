using Microsoft.Playwright;
using Ressursvenn.BrowserTests.Infrastructure;

[assembly: AssemblyFixture(typeof(BrowserHost))]

namespace Ressursvenn.BrowserTests.Infrastructure;

/// <summary>
/// Once per test run: Playwright driving the system Chromium (no browser download; ADR 0007) and the
/// neutral site quick exit leads to. Each test makes its own browser contexts, so cookies never leak between tests.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    /// <summary>Upper bound for any single action or navigation in the tests.</summary>
    public const float ActionTimeoutMs = 15_000;

    public const float NavigationTimeoutMs = 20_000;

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;
    private NeutralSite? neutral;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium is not started.");

    public NeutralSite Neutral => neutral ?? throw new InvalidOperationException("The neutral site is not started.");

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var chromium = Environment.GetEnvironmentVariable("RESSURSVENN_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {chromium}. Install it (apt-get install -y chromium) or set RESSURSVENN_CHROMIUM.");
        }

        Assertions.SetDefaultExpectTimeout(10_000);
        neutral = await NeutralSite.StartAsync();
        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 30_000,
        });
    }

    /// <summary>A fresh, cookie-less browser context for the app, Norwegian by default (touch: emulate a phone's touch screen).</summary>
    public async Task<IBrowserContext> NewContextAsync(
        AppProcess app, bool javaScript = true, int width = 1280, int height = 900, string? storageState = null, bool touch = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl.ToString(),
            JavaScriptEnabled = javaScript,
            Locale = "nb-NO",
            TimezoneId = "Europe/Oslo",
            ViewportSize = new ViewportSize { Width = width, Height = height },
            StorageState = storageState,
            // A phone: touch and no hover, so (hover: hover) and (pointer: fine) do not match.
            IsMobile = touch,
            HasTouch = touch,
        });
        context.SetDefaultTimeout(ActionTimeoutMs);
        context.SetDefaultNavigationTimeout(NavigationTimeoutMs);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            // Bounded: a browser that does not close (a page stuck in a dialog) must not hold the whole suite.
            try
            {
                await browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(30));
                await browser.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // Chromium is killed with the Playwright driver below.
            }
        }

        playwright?.Dispose();
        if (neutral is not null)
        {
            await neutral.DisposeAsync();
        }
    }
}
