using System.Text.RegularExpressions;
using MimeKit;

namespace Ressursvenn.BrowserTests.Infrastructure;

/// <summary>The app's mail pickup folder (no SMTP configured): each message is an .eml file.</summary>
public static partial class Mailbox
{
    /// <summary>The link to <paramref name="path"/> in the newest message to <paramref name="to"/>; waits up to 10 s for it.</summary>
    public static async Task<string> LinkInNewestMessageAsync(AppProcess app, string to, string path)
    {
        ArgumentNullException.ThrowIfNull(app);
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (true)
        {
            var message = Newest(app.MailFolder, to);
            if (message is not null)
            {
                var text = message.TextBody ?? string.Empty;
                var match = LinkPattern().Matches(text).Select(m => m.Value).FirstOrDefault(l => new Uri(l).AbsolutePath == path);
                return match ?? throw new InvalidOperationException($"The newest message to {to} has no link to {path}:\n{text}");
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new InvalidOperationException($"No message to {to} in {app.MailFolder} within 10 s.");
            }

            await Task.Delay(200);
        }
    }

    private static MimeMessage? Newest(string folder, string to)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        foreach (var file in new DirectoryInfo(folder).GetFiles("*.eml").OrderByDescending(f => f.Name, StringComparer.Ordinal))
        {
            var message = MimeMessage.Load(file.FullName);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)))
            {
                return message;
            }
        }

        return null;
    }

    [GeneratedRegex(@"https?://[^\s""<>]+")]
    private static partial Regex LinkPattern();
}
