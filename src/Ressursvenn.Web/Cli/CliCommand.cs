using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Infrastructure.Backup;
using Ressursvenn.Web.Infrastructure.Email;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Cli;

/// <summary>
/// Admin commands on the same executable: dotnet run --project src/Ressursvenn.Web -- COMMAND [options].
/// They use the app's own configuration, so they act on the same database and key folder as the app.
/// </summary>
public sealed class CliCommand
{
    public static readonly IReadOnlyDictionary<string, string> Help = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["migrate"] = "apply database migrations and load reference data, then exit",
        ["create-admin"] = "--email ADDRESS --name NAME: invite a national admin; prints a one-time link (72 h)",
        ["seed-demo"] = "fill an EMPTY database with generated demo data and print the logins",
        ["demo-code"] = "print the current TOTP code of the demo accounts (demo data only)",
        ["seed-load"] = "--volunteers N [--county CODE] [--seed N] [--force]: BENCHMARK data (bench/load/run.sh): one association with N generated approved volunteers, one waiting woman and a coordinator whose login it prints; an EMPTY database only unless --force",
        ["verify-audit"] = "check the audit trail's hash chain against the signed checkpoints in the key folder; exits 3 naming the first changed, removed or reordered entry, a removed tail or a forged checkpoint",
        ["backup"] = "--to FOLDER: back up the database and the key folder",
        ["restore"] = "--from FOLDER [--force]: restore a backup into the configured database and key folder (creates a missing PostgreSQL database; refused while an app instance runs)",
        ["rotate-keys"] = "add a new current field-encryption key and re-encrypt every encrypted value with it (old keys stay for reading; the e-mail blind-index key is not rotated); a rotation stopped midway is resumed with its key",
        ["run-retention"] = "erase now every participant closed or declined longer ago than the retention setting; prints how many",
    };

    private readonly string name;
    private readonly Dictionary<string, string> options;

    private CliCommand(string name, Dictionary<string, string> options)
    {
        this.name = name;
        this.options = options;
    }

    /// <summary>A command when the first argument names one; null when the app should serve.</summary>
    public static CliCommand? Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || !(Help.ContainsKey(args[0]) || args[0] is "help" or "--help"))
        {
            return null;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var key = args[i][2..];
                var eq = key.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    options[key[..eq]] = key[(eq + 1)..];
                }
                else
                {
                    options[key] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
                }
            }
        }

        return new CliCommand(args[0], options);
    }

    public async Task<int> RunAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var output = Console.Out;
        switch (name)
        {
            case "migrate":
                await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true);
                await output.WriteLineAsync("Database is up to date and reference data is loaded.");
                return 0;
            case "create-admin":
                return await CreateAdminAsync(app, output);
            case "seed-demo":
                await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true);
                return await DemoSeeder.RunAsync(app.Services, output);
            case "seed-load":
                return await SeedLoadAsync(app, output);
            case "demo-code":
                await output.WriteLineAsync(DemoSeeder.CurrentCode(app.Services.GetRequiredService<TimeProvider>()));
                return 0;
            case "verify-audit":
                return await VerifyAuditAsync(app, output);
            case "backup":
                return await RunBackupAsync(app, output, restore: false);
            case "restore":
                return await RunBackupAsync(app, output, restore: true);
            case "rotate-keys":
                return await RotateKeysAsync(app, output);
            case "run-retention":
                return await RunRetentionAsync(app, output);
            default:
                foreach (var (command, text) in Help)
                {
                    await output.WriteLineAsync($"  {command,-14} {text}");
                }

                return 0;
        }
    }

    private async Task<int> CreateAdminAsync(WebApplication app, TextWriter output)
    {
        if (!options.TryGetValue("email", out var email) || !email.Contains('@', StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync("Usage: create-admin --email ADDRESS --name \"NAME\"");
            return 1;
        }

        await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true);
        await using var scope = app.Services.CreateSystemScope();
        var invitations = scope.ServiceProvider.GetRequiredService<Features.Admin.UserInvitations>();
        var result = await invitations.InviteAsync(
            new Features.Admin.UserInvitations.Request(options.GetValueOrDefault("name") ?? email, email, Roles.NationalAdmin, [], null),
            invitedBy: null, sendEmail: false);
        if (result.Error is not null)
        {
            await Console.Error.WriteLineAsync($"Could not create the admin: {result.Error}");
            return 1;
        }

        var link = scope.ServiceProvider.GetRequiredService<EmailTemplates>().AbsoluteUrl($"/invitasjon?token={result.Token}");
        await output.WriteLineAsync($"National admin invited. One-time link (valid {OneTimeTokenService.InvitationLifetime.TotalHours:0} hours):");
        await output.WriteLineAsync($"  {link}");
        return 0;
    }

    private async Task<int> SeedLoadAsync(WebApplication app, TextWriter output)
    {
        if (!int.TryParse(options.GetValueOrDefault("volunteers", "10000"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var volunteers)
            || !int.TryParse(options.GetValueOrDefault("seed", "1"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seed))
        {
            await Console.Error.WriteLineAsync("Usage: seed-load --volunteers N [--county CODE] [--seed N] [--force]");
            return 1;
        }

        await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true);
        return await LoadSeeder.RunAsync(
            app.Services, new LoadSeeder.Options(volunteers, options.GetValueOrDefault("county", "46"), options.ContainsKey("force"), seed), output);
    }

    private static async Task<int> VerifyAuditAsync(WebApplication app, TextWriter output)
    {
        await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: false);
        await using var scope = app.Services.CreateSystemScope();
        var result = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync();
        if (result.IsIntact)
        {
            await output.WriteLineAsync($"Audit trail intact: {result.Checked} entries checked"
                + (result.PurgedThrough > 0 ? $" (entries through {result.PurgedThrough} purged by retention)" : string.Empty)
                + (result.Checkpoint is { } newest ? $"; it reaches the newest checkpoint (entry {newest.Sequence})." : "; no checkpoints yet."));
            return 0;
        }

        await Console.Error.WriteLineAsync(Describe(result));
        return 3;
    }

    /// <summary>The verdict on a broken trail, naming the entry or the gap (verify-audit's message).</summary>
    public static string Describe(AuditVerification result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var at = result.Checkpoint?.WrittenAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        return result.Break switch
        {
            AuditBreak.Truncated =>
                $"Audit trail BROKEN: the database ends at entry {result.LastSequence} but checkpoint says {result.Checkpoint?.Sequence} written at {at} (entries {result.FirstBadSequence}–{result.Checkpoint?.Sequence} were removed).",
            AuditBreak.CheckpointForged =>
                $"Audit checkpoints BROKEN: line {result.CheckpointLine} of the checkpoint file is malformed or its signature is wrong.",
            AuditBreak.PrefixRemoved =>
                $"Audit trail BROKEN at entry {result.FirstBadSequence}: the trail starts there, but no purge checkpoint ends at entry {result.FirstBadSequence - 1} (its oldest entries were removed).",
            AuditBreak.CheckpointMismatch =>
                $"Audit trail BROKEN at entry {result.FirstBadSequence}: its hash differs from the one a checkpoint recorded (the trail was rewritten).",
            AuditBreak.Changed => $"Audit trail BROKEN at entry {result.FirstBadSequence}: it was changed.",
            AuditBreak.NotLinked => $"Audit trail BROKEN at entry {result.FirstBadSequence}: it does not follow the entry before it (an entry was removed or the order changed).",
            _ => $"Audit trail BROKEN at entry {result.FirstBadSequence}: it is out of sequence (an entry before it was removed, or entries were reordered).",
        };
    }

    private static async Task<int> RotateKeysAsync(WebApplication app, TextWriter output)
    {
        await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true);
        var result = await FieldKeyRotation.RotateAsync(app.Services);
        if (result.Resumed)
        {
            await output.WriteLineAsync($"A rotation to key {result.NewKeyId} had not finished; it was resumed with that key (no new key was added).");
        }

        await output.WriteLineAsync($"Key {result.NewKeyId} is now current; {result.Rewritten} encrypted values were re-encrypted with it.");
        await output.WriteLineAsync("The old keys stay in the key file for reading. Restart the other app instances, then take a new backup.");
        return 0;
    }

    private static async Task<int> RunRetentionAsync(WebApplication app, TextWriter output)
    {
        await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true);
        // Through the scheduler: under the job's lock, so it never runs beside a serving instance's run.
        Features.Participants.RetentionJob.Result? result = null;
        var retention = new Infrastructure.Scheduling.ScheduledJob(Features.Participants.RetentionJob.JobName, Features.Participants.RetentionJob.Interval,
            async (services, ct) => result = await services.GetRequiredService<Features.Participants.RetentionJob>().RunAsync(ct));
        var outcome = await ActivatorUtilities.CreateInstance<Infrastructure.Scheduling.JobScheduler>(app.Services, (IEnumerable<Infrastructure.Scheduling.ScheduledJob>)[retention])
            .RunNowAsync(retention.Name, CancellationToken.None);
        await output.WriteLineAsync(outcome == Infrastructure.Scheduling.JobOutcome.Ran && result is not null
            ? $"Retention run finished: {result.Erased} participants erased, {result.AuditEntriesPurged} audit entries older than the audit retention purged."
            : "Retention run skipped: another instance is running it right now (0 participants erased).");
        return 0;
    }

    private async Task<int> RunBackupAsync(WebApplication app, TextWriter output, bool restore)
    {
        var key = restore ? "from" : "to";
        if (!options.TryGetValue(key, out var folder))
        {
            await Console.Error.WriteLineAsync(restore ? "Usage: restore --from FOLDER [--force]" : "Usage: backup --to FOLDER");
            return 1;
        }

        var service = app.Services.GetRequiredService<BackupService>();
        try
        {
            if (restore)
            {
                var restored = await service.RestoreAsync(folder, options.ContainsKey("force"));
                if (restored.CreatedDatabase is not null)
                {
                    await output.WriteLineAsync($"The database '{restored.CreatedDatabase}' did not exist; it was created.");
                }

                await output.WriteLineAsync($"Restored from {Path.GetFullPath(folder)}. Start the app instances again.");
            }
            else
            {
                await service.BackupAsync(folder);
                await output.WriteLineAsync($"Backup written to {Path.GetFullPath(folder)}.");
            }

            return 0;
        }
        catch (BackupException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 1;
        }
    }
}
