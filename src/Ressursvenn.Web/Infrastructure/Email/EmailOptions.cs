namespace Ressursvenn.Web.Infrastructure.Email;

/// <summary>The "Email" configuration section. Without Smtp:Host, messages go to a pickup folder (development).</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Neutral sender name (SR2): never the programme's name or anything about violence or crisis centres.</summary>
    public string FromName { get; set; } = "Sanitetskvinnene";

    public string FromAddress { get; set; } = "no-reply@example.invalid";

    /// <summary>
    /// The public address of the app, used to build links in e-mails, e.g. https://ressursvenn.example.no. Required
    /// outside Development (<see cref="PublicBaseUrlValidator"/>); never taken from a request's Host header.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Whether /dev/epost lists the pickup folder's messages (to signed-in national admins only). Off by default.</summary>
    public bool MailViewer { get; set; }

    /// <summary>
    /// Folder for .eml files when no SMTP host is set, relative to the data folder. Outside Development it must be set
    /// explicitly (or an SMTP host), see <see cref="EmailDeliveryValidator"/>; in Development it defaults to "mail".
    /// </summary>
    public string? PickupFolder { get; set; }

    /// <summary>How many days a message stays in the pickup folder before the housekeeping job removes it.</summary>
    public int PickupRetentionDays { get; set; } = 7;
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>Auto (STARTTLS when offered), StartTls, SslOnConnect or None (only for a relay on loopback).</summary>
    public string Security { get; set; } = "StartTls";

    public string? UserName { get; set; }

    public string? Password { get; set; }
}
