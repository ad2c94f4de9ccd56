namespace Ressursvenn.BrowserTests.Infrastructure;

/// <summary>
/// One running app shared by the tests of a collection, with its first admin already set up through the real
/// setup pages (her browser state is kept, so a test can start logged in as her without using up a code).
/// </summary>
public abstract class SharedAppFixture(BrowserHost browser) : IAsyncLifetime
{
    private AppProcess? app;

    public BrowserHost Browser { get; } = browser;

    public AppProcess App => app ?? throw new InvalidOperationException("The app is not started.");

    /// <summary>The national admin made from the setup link at start.</summary>
    public Account Admin { get; private set; } = null!;

    /// <summary>The cookies of the admin's session from setup (Playwright storage state, JSON).</summary>
    public string AdminState { get; private set; } = string.Empty;

    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public async ValueTask InitializeAsync()
    {
        app = await AppProcess.StartAsync(Browser.Neutral.Url, Settings);
        await using var context = await Browser.NewContextAsync(app);
        var page = await context.NewPageAsync();
        Admin = await Journeys.SetUpFirstAdminAsync(page, app.SetupLink);
        AdminState = await context.StorageStateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The app with its default settings.</summary>
public sealed class MainAppFixture(BrowserHost browser) : SharedAppFixture(browser);

[CollectionDefinition(Name)]
public sealed class MainAppDefinition : ICollectionFixture<MainAppFixture>
{
    public const string Name = "Main app";
}

/// <summary>
/// The app with a three-minute idle timeout and a warning 170 s before it, so the session warning opens ten
/// seconds after a page loads. Its own instance, because the dialog would get in the way of other tests.
/// </summary>
public sealed class ShortSessionAppFixture(BrowserHost browser) : SharedAppFixture(browser)
{
    public const int IdleMinutes = 3;
    public const int WarnBeforeSeconds = 170;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Sessions__StaffIdleMinutes"] = IdleMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sessions__WarnBeforeSeconds"] = WarnBeforeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

[CollectionDefinition(Name)]
public sealed class ShortSessionAppDefinition : ICollectionFixture<ShortSessionAppFixture>
{
    public const string Name = "App with short sessions";
}

/// <summary>
/// The app with a one-minute idle timeout (warning 20 s before it), so a test can let sessions run out for real.
/// Its own instance: every other test would be logged out under it.
/// </summary>
public sealed class ExpiringSessionAppFixture(BrowserHost browser) : SharedAppFixture(browser)
{
    public const int IdleMinutes = 1;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Sessions__StaffIdleMinutes"] = IdleMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sessions__VolunteerIdleMinutes"] = IdleMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sessions__WarnBeforeSeconds"] = "20",
    };
}

[CollectionDefinition(Name)]
public sealed class ExpiringSessionAppDefinition : ICollectionFixture<ExpiringSessionAppFixture>
{
    public const string Name = "App with one-minute sessions";
}
