using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Ressursvenn.Web.Data.Encryption;

namespace Ressursvenn.Web.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AppDbContext"/> on the configured provider. Everything else in the app asks for
    /// <see cref="AppDbContext"/> and never knows which database it runs on.
    /// </summary>
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        options.DataFolder = Path.GetFullPath(options.DataFolder, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton<VersioningInterceptor>();
        builder.Services.AddSingleton<MatchingDataChanges>();
        builder.AddFieldEncryption();
        builder.Services.AddScoped<Security.AuditTrail>();
        builder.Services.AddScoped<UnitOfWork>();
        builder.Services.AddScoped<DataScope>();
        builder.Services.AddScoped<AuditVerifier>();
        var keyFolder = Security.KeyRing.ResolveFolder(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(new AuditKey(Security.KeyRing.LoadOrCreateSecret(keyFolder, Security.KeyRing.AuditKeyFile)));
        var audit = builder.Configuration.GetSection(AuditOptions.Section).Get<AuditOptions>() ?? new AuditOptions();
        if (audit.RetentionMonths < AuditOptions.MinimumRetentionMonths)
        {
            throw new StartupException(
                $"Audit:RetentionMonths is {audit.RetentionMonths}, but audit entries are kept at least {AuditOptions.MinimumRetentionMonths} months (five years).");
        }

        builder.Services.AddSingleton(Options.Create(audit));
        var checkpointKey = Security.KeyRing.LoadOrCreateSecret(keyFolder, AuditCheckpointLog.KeyFile);
        builder.Services.AddSingleton(sp => new AuditCheckpointLog(
            keyFolder, checkpointKey, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AuditCheckpointLog>>(), audit.LogCheckpoints));
        builder.Services.AddScoped<AuditPurge>();

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(options);
                builder.Services.AddDbContext<AppDbContext, SqliteAppDbContext>((sp, o) => o
                    .UseSqlite(sqlite, s => s.MigrationsAssembly(typeof(AppDbContext).Assembly.GetName().Name))
                    .AddFieldEncryptionInterceptors(sp)
                    .LogFailedCommandsBelowWarning()
                    .AddInterceptors(new SqlitePragmaInterceptor(), sp.GetRequiredService<VersioningInterceptor>(), sp.GetRequiredService<MatchingDataChanges>(), AuditInterceptorFor(sp),
                        sp.GetRequiredService<Infrastructure.Messaging.OutboxCommitSignal>()));
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new StartupException(
                        "Database:Provider is Postgres, but Database:ConnectionString is empty. " +
                        "Set it, for example Database__ConnectionString=\"Host=db;Database=ressursvenn;Username=rv;Password=...\".");
                }

                builder.Services.AddDbContext<AppDbContext, PostgresAppDbContext>((sp, o) => o
                    .UseNpgsql(options.ConnectionString)
                    .AddFieldEncryptionInterceptors(sp)
                    .LogFailedCommandsBelowWarning()
                    .AddInterceptors(sp.GetRequiredService<VersioningInterceptor>(), sp.GetRequiredService<MatchingDataChanges>(), AuditInterceptorFor(sp),
                        sp.GetRequiredService<Infrastructure.Messaging.OutboxCommitSignal>()));
                break;
            default:
                throw new StartupException($"Database:Provider must be Sqlite or Postgres, not '{options.Provider}'.");
        }

        return builder;
    }

    /// <summary>
    /// EF Core logs every failed command and save at Error, also those the code expects and handles: a reminder or
    /// retention erasure another instance claimed first (unique key, version check), a value that does not decrypt,
    /// the first start's probe of a missing history table. Alerting on errors would then fire on normal multi-instance
    /// operation. They are logged at Information here; a failure nobody handles still reaches the
    /// caller as an exception and is logged at Error where it ends (the request's error handler, a job, start-up).
    /// </summary>
    internal static DbContextOptionsBuilder LogFailedCommandsBelowWarning(this DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandError, LogLevel.Information),
            (CoreEventId.SaveChangesFailed, LogLevel.Information),
            (CoreEventId.OptimisticConcurrencyException, LogLevel.Information),
            (CoreEventId.QueryIterationFailed, LogLevel.Information)));

    /// <summary>One audit interceptor per context, sharing the unit of work's <see cref="Security.AuditTrail"/>.</summary>
    private static AuditInterceptor AuditInterceptorFor(IServiceProvider services) =>
        new(services.GetRequiredService<Security.AuditTrail>(), services.GetRequiredService<AuditKey>(), services.GetRequiredService<AuditCheckpointLog>());

    internal static string SqliteConnectionString(DatabaseOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        // Owner-only; the database file itself is made owner-only at start (PrivateFiles.RestrictSqlite).
        Infrastructure.PrivateFiles.CreateFolder(options.DataFolder);
        var file = Path.Combine(options.DataFolder, "ressursvenn.db");
        return new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Pooling = true,
        }.ToString();
    }
}

/// <summary>A configuration or environment problem that stops the app at start with a plain message.</summary>
public sealed class StartupException : Exception
{
    public StartupException(string message) : base(message) { }

    public StartupException(string message, Exception inner) : base(message, inner) { }

    public StartupException() { }
}
