using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ressursvenn.Web.Infrastructure.Email;

/// <summary>An e-mail to send: a neutral subject and a link, never case content (SR2).</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string HtmlBody)
{
    /// <summary>Which e-mail it is (the template's name): how the outbox's failure list names it, never personal.</summary>
    public string Kind { get; init; } = "Message";
}

/// <summary>
/// Hands a message to the mail server (SMTP) or the pickup folder. Only the outbox's dispatcher calls it
/// (<see cref="Messaging.OutboxDispatcher"/>); features put their messages in the outbox (<see cref="Messaging.Outbox"/>).
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}

/// <summary>Builds the MIME message both senders use: a plain-text and an HTML part.</summary>
internal static class MimeFactory
{
    public static MimeMessage Create(EmailOptions options, EmailMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }
}

/// <summary>Sends through SMTP with MailKit.</summary>
public sealed class SmtpEmailSender(IOptions<EmailOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var o = options.Value;
        using var client = new SmtpClient();
        var security = Enum.TryParse<SecureSocketOptions>(o.Smtp.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.StartTls;
        await client.ConnectAsync(o.Smtp.Host ?? "localhost", o.Smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(o.Smtp.UserName))
        {
            await client.AuthenticateAsync(o.Smtp.UserName, o.Smtp.Password ?? string.Empty, ct);
        }

        await client.SendAsync(MimeFactory.Create(o, message), ct);
        await client.DisconnectAsync(quit: true, ct);
        logger.LogInformation("E-mail sent through SMTP");
    }
}

/// <summary>Without an SMTP server: writes each message as an .eml file into the pickup folder (<see cref="MailPickupFolder"/>).</summary>
public sealed class PickupFolderEmailSender(IOptions<EmailOptions> options, MailPickupFolder pickup) : IEmailSender
{
    public string Folder => pickup.Folder;

    public Task SendAsync(EmailMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return pickup.WriteAsync(MimeFactory.Create(options.Value, message), ct);
    }
}
