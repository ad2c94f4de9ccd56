using System.Globalization;
using Microsoft.Extensions.Options;
using MimeKit;
using Ressursvenn.Web.Data;

namespace Ressursvenn.Web.Infrastructure.Email;

/// <summary>
/// The local mail folder used when no SMTP server is set: one owner-only .eml file per message, named by
/// the time it was written and a random id (never by its recipient). The files hold recipients' addresses, so they
/// are kept <see cref="EmailOptions.PickupRetentionDays"/> days (the hourly housekeeping job removes older ones) and
/// are removed at once when the person they were sent to is erased. Every removal tolerates a file another instance
/// removed first, so several instances sharing the folder is safe.
/// </summary>
public sealed class MailPickupFolder(IOptions<EmailOptions> options, IOptions<DatabaseOptions> database, TimeProvider clock, ILogger<MailPickupFolder> logger)
{
    private const string TimeFormat = "yyyyMMddHHmmssfff";

    /// <summary>Whether mail goes to the folder (no SMTP host set).</summary>
    public bool InUse => string.IsNullOrWhiteSpace(options.Value.Smtp.Host) && !string.IsNullOrWhiteSpace(options.Value.PickupFolder);

    public string Folder => Path.GetFullPath(options.Value.PickupFolder ?? string.Empty, Path.GetFullPath(database.Value.DataFolder));

    public async Task WriteAsync(MimeMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        PrivateFiles.CreateFolder(Folder);
        var name = $"{clock.GetUtcNow().ToString(TimeFormat, CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.eml";
        await using var file = PrivateFiles.CreateFile(Path.Combine(Folder, name));
        await message.WriteToAsync(file, ct);
    }

    /// <summary>Removes the messages written more than the retention period ago; returns how many it removed.</summary>
    public int PurgeExpired()
    {
        if (!InUse)
        {
            return 0;
        }

        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.PickupRetentionDays);
        return Remove(file => WrittenAt(file) < cutoff);
    }

    /// <summary>Removes every message addressed to a recipient that <paramref name="isHers"/> recognises.</summary>
    public int RemoveAddressedTo(Func<string, bool> isHers)
    {
        ArgumentNullException.ThrowIfNull(isHers);
        return InUse ? Remove(file => Recipients(file).Any(isHers)) : 0;
    }

    /// <summary>Removes every message addressed to one of these addresses (compared ignoring case).</summary>
    public int RemoveAddressedTo(IEnumerable<string?> addresses)
    {
        var wanted = addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return wanted.Count == 0 ? 0 : RemoveAddressedTo(wanted.Contains);
    }

    private int Remove(Func<FileInfo, bool> matches)
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles("*.eml"))
        {
            try
            {
                if (matches(file))
                {
                    file.Delete();
                    removed++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Removed by another instance meanwhile, or unreadable: the next run tries again.
                logger.LogDebug(e, "A mail pickup file was skipped");
            }
        }

        return removed;
    }

    private static DateTime WrittenAt(FileInfo file) =>
        DateTime.TryParseExact(file.Name.Split('-')[0], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : file.LastWriteTimeUtc;

    private static List<string> Recipients(FileInfo file)
    {
        using var stream = file.OpenRead();
        var headers = HeaderList.Load(stream);
        return headers.Where(h => h.Id is HeaderId.To or HeaderId.Cc or HeaderId.Bcc)
            .SelectMany(h => InternetAddressList.TryParse(h.Value, out var list) ? list.Mailboxes.Select(m => m.Address) : [])
            .ToList();
    }
}
