using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Infrastructure.Messaging;
using Ressursvenn.Web.Infrastructure.Scheduling;

namespace Ressursvenn.IntegrationTests.Infrastructure;

/// <summary>
/// The real app in-process (TestServer) on a real database, with a fake clock and captured e-mail. Each
/// TestApp has its own database; the schema comes from the real migrations.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The configured public address (Email:PublicBaseUrl): where the clients send their requests and e-mail links point.</summary>
    public const string PublicBaseUrl = "https://localhost";

    /// <summary>The environment setting: "Testing" unless a test asks for another (Development, Production).</summary>
    public const string EnvironmentSetting = "Test:Environment";

    /// <summary>
    /// "true": passwords are hashed with the app's own PBKDF2 iteration count (210,000). Otherwise the test app hashes
    /// with <see cref="FastPasswordIterations"/>: at the real count one hash costs 0.2–0.7 s of CPU on a busy 2-core
    /// machine, and nearly every test creates users and logs in. The hash format, the PRF and the checks are the same.
    /// </summary>
    public const string RealPasswordHashingSetting = "Test:RealPasswordHashing";

    public const int FastPasswordIterations = 1_000;

    private readonly Dictionary<string, string?> settings;

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public CapturingEmailSender Mail { get; } = new();

    public LogSink Logs { get; } = new();

    /// <summary>The outbox's dispatcher, for tests to run by hand (it never runs on its own timer here).</summary>
    public OutboxDispatcher Outbox => outbox ??= ActivatorUtilities.CreateInstance<OutboxDispatcher>(Services);

    private OutboxDispatcher? outbox;

    private TestApp(TestDatabase database, IDictionary<string, string?> overrides, FakeTimeProvider clock)
    {
        Database = database;
        Clock = clock;
        // Reading the mail first sends what the outbox holds, as the dispatcher would: every e-mail a test reads went
        // through the outbox, stored with the change that called for it.
        Mail.Flush = () => Outbox.DeliverDueAsync(CancellationToken.None);
        settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["RateLimits:AuthPermitPerMinute"] = "100000",
            ["RateLimits:PublicFormPermitPerMinute"] = "100000",
            ["QuickExit:Url"] = "https://neutral.example/",
            // Required outside Development; the clients' own address, so the test host passes host filtering.
            ["Email:PublicBaseUrl"] = PublicBaseUrl,
            // Not Development: without SMTP the pickup folder must be set explicitly (EmailDeliveryValidator).
            ["Email:PickupFolder"] = "mail",
        };
        foreach (var (key, value) in database.Settings())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }
    }

    /// <summary>Creates the app on a new database (or a given one, e.g. to run two instances on one database).</summary>
    public static async Task<TestApp> CreateAsync(
        IDictionary<string, string?>? overrides = null, TestDatabase? database = null, FakeTimeProvider? clock = null)
    {
        var app = new TestApp(database ?? await TestDatabase.CreatePreparedAsync(), overrides ?? new Dictionary<string, string?>(), clock ?? new FakeTimeProvider(Start));
        await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true);
        return app;
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        BaseAddress = new Uri(PublicBaseUrl),
        HandleCookies = true,
    });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(settings.GetValueOrDefault(EnvironmentSetting) ?? "Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            if (!string.Equals(settings.GetValueOrDefault(RealPasswordHashingSetting), "true", StringComparison.OrdinalIgnoreCase))
            {
                // After the app's own Configure (which never goes below 210,000), whatever the order of registration.
                services.PostConfigure<PasswordHasherOptions>(o => o.IterationCount = FastPasswordIterations);
            }

            services.RemoveAll<IEmailSender>();
            services.AddSingleton<IEmailSender>(Mail);
            // Background jobs run only when a test runs them (RunOnceAsync, RunIfDueAsync), never on their own timer.
            foreach (var job in services.Where(d => d.ImplementationType == typeof(JobScheduler) || d.ImplementationType == typeof(OutboxDispatcher)).ToList())
            {
                services.Remove(job);
            }
        });
    }

    /// <summary>The app that prepares the run's template database (<see cref="TestDatabase.CreatePreparedAsync"/>); it leaves the database in place.</summary>
    internal static TestApp ForTemplate(TestDatabase database) =>
        new(database, new Dictionary<string, string?>(), new FakeTimeProvider(Start)) { ownsDatabase = false };

    private bool ownsDatabase = true;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}

/// <summary>
/// Keeps every e-mail the app sends, for tests to read links from. Reading <see cref="Messages"/> first delivers what
/// the outbox holds (<see cref="Flush"/>). <see cref="FailWith"/> makes the "mail server" refuse every message, as an
/// SMTP server that is down would.
/// </summary>
public sealed class CapturingEmailSender : IEmailSender
{
    private readonly ConcurrentQueue<EmailMessage> messages = new();

    /// <summary>Sends the outbox's due messages (set by the test app).</summary>
    public Func<Task<int>>? Flush { get; set; }

    /// <summary>When set, every send throws it (the mail server is down).</summary>
    public Func<Exception>? FailWith { get; set; }

    /// <summary>How many sends were tried while <see cref="FailWith"/> was set.</summary>
    public int Refused => refused;

    private int refused;

    public IReadOnlyList<EmailMessage> Messages
    {
        get
        {
            if (Flush is { } flush)
            {
                // Off the test's synchronisation context, so the blocking wait cannot deadlock.
                Task.Run(flush).GetAwaiter().GetResult();
            }

            return messages.ToList();
        }
    }

    /// <summary>Forgets the messages sent so far (e.g. those of setting up a test), after sending what the outbox holds.</summary>
    public void Clear()
    {
        _ = Messages;
        messages.Clear();
    }

    public Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        if (FailWith is { } fail)
        {
            Interlocked.Increment(ref refused);
            throw fail();
        }

        messages.Enqueue(message);
        return Task.CompletedTask;
    }

    /// <summary>The path and query of the one link in the newest message to an address.</summary>
    public string LastLinkTo(string address)
    {
        var message = Messages.Last(m => string.Equals(m.To, address, StringComparison.OrdinalIgnoreCase));
        var match = System.Text.RegularExpressions.Regex.Match(message.TextBody, @"https?://[^/\s]+(/\S+)");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("No link in the message.");
    }
}
