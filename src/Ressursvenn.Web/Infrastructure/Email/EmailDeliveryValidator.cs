using Ressursvenn.Web.Data;

namespace Ressursvenn.Web.Infrastructure.Email;

/// <summary>
/// Checks at start how e-mail leaves the app. Outside Development the app does not start without an
/// SMTP server unless a pickup folder is configured explicitly: a folder of .eml files that nobody reads is no way to
/// deliver an invitation, and it keeps recipients' addresses on disk. In Development the folder defaults to "mail".
/// </summary>
public static class EmailDeliveryValidator
{
    public const string DevelopmentPickupFolder = "mail";

    /// <summary>Throws <see cref="StartupException"/> when the settings cannot deliver mail; fills in Development's default folder.</summary>
    public static void Validate(EmailOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        if (options.PickupRetentionDays is < 1 or > 365)
        {
            throw new StartupException($"Email:PickupRetentionDays must be between 1 and 365, not {options.PickupRetentionDays}.");
        }

        if (!string.IsNullOrWhiteSpace(options.Smtp.Host) || !string.IsNullOrWhiteSpace(options.PickupFolder))
        {
            return;
        }

        if (!environment.IsDevelopment())
        {
            throw new StartupException(
                "no SMTP server is configured (Email:Smtp:Host). Set Email:Smtp:Host (and Port, Security, UserName, Password), " +
                "or, to write e-mails as files instead, set Email:PickupFolder explicitly (relative to the data folder; " +
                "files are removed after Email:PickupRetentionDays days).");
        }

        options.PickupFolder = DevelopmentPickupFolder;
    }
}
