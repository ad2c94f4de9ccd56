using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MimeKit;
using Ressursvenn.Web.Infrastructure.Email;

namespace Ressursvenn.Web.Features.Dev;

/// <summary>
/// The e-mails written to the pickup folder when no SMTP server is configured, so invitations and reset links can be
/// followed on a developer's machine. They open accounts, so the page is off (404) unless Email:MailViewer is true,
/// and then only for a signed-in national admin (folder convention), in every environment.
/// </summary>
public sealed class MailModel(IOptions<EmailOptions> options, IServiceProvider services) : AppPageModel
{
    public sealed record Row(string File, DateTimeOffset Date, string To, string Subject, string Text);

    public IReadOnlyList<Row> Messages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (!options.Value.MailViewer || services.GetService<PickupFolderEmailSender>() is not { } pickup)
        {
            return Denied();
        }

        var rows = new List<Row>();
        if (Directory.Exists(pickup.Folder))
        {
            foreach (var file in Directory.EnumerateFiles(pickup.Folder, "*.eml").OrderDescending().Take(50))
            {
                using var message = await MimeMessage.LoadAsync(file);
                rows.Add(new Row(Path.GetFileName(file), message.Date, message.To.ToString(), message.Subject ?? string.Empty, message.TextBody ?? string.Empty));
            }
        }

        Messages = rows;
        return Page();
    }
}
