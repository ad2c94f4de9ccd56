using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Ressursvenn.Web.Infrastructure.Email;

/// <summary>
/// The e-mails the system sends. Each has a neutral subject, names no participant, says nothing about the
/// programme's subject matter, and carries one link instead of content (SR2).
/// </summary>
public sealed class EmailTemplates(IStringLocalizer<SharedResource> t, IOptions<EmailOptions> options, OwnAddress ownAddress)
{
    public EmailMessage Invitation(string to, string token) =>
        Build(to, "Email.Invitation.Subject", "Email.Invitation.Body", "Email.Invitation.Action", $"/invitasjon?token={Uri.EscapeDataString(token)}",
            (int)Security.OneTimeTokenService.InvitationLifetime.TotalHours);

    public EmailMessage PasswordReset(string to, string token) =>
        Build(to, "Email.Reset.Subject", "Email.Reset.Body", "Email.Reset.Action", $"/nytt-passord?token={Uri.EscapeDataString(token)}",
            (int)Security.OneTimeTokenService.PasswordResetLifetime.TotalMinutes);

    /// <summary>
    /// To the account's owner: her password, second factor or e-mail address was changed (re-authentication, ADR 0006). A neutral
    /// subject, no name (SR2); the body says what changed and whom to call if it was not her; the link goes to her account.
    /// </summary>
    public EmailMessage AccountChanged(string to, string change) =>
        Build(to, "Email.Account.Subject", "Email.Account." + change, "Email.Account.Action", "/konto", 0, ignoreIfUnexpected: false);

    /// <summary>
    /// To a coordinator: a national admin opened a record in her association under break-glass (SR8). It names
    /// neither the woman nor the reference; the link goes to the home page, which lists the access.
    /// </summary>
    public EmailMessage BreakGlassNotice(string to) =>
        Build(to, "Email.BreakGlass.Subject", "Email.BreakGlass.Body", "Email.BreakGlass.Action", "/", 0, ignoreIfUnexpected: false);

    /// <summary>
    /// To a coordinator: someone was newly given access to her association's women (a coordinator added or invited
    /// by a national admin). It names nobody (SR2); the link goes to the home page, which lists who and by whom.
    /// </summary>
    public EmailMessage AccessGrantNotice(string to) =>
        Build(to, "Email.AccessGrant.Subject", "Email.AccessGrant.Body", "Email.AccessGrant.Action", "/", 0, ignoreIfUnexpected: false);

    /// <summary>
    /// To a coordinator: a neighbouring association asks to suggest one of her association's volunteers for a woman
    /// it follows. It names nobody and no place (SR2); the link goes to the page where she reads the anonymised request.
    /// </summary>
    public EmailMessage WideningRequestToCoordinator(string to) =>
        Build(to, "Email.Widening.Subject", "Email.Widening.Body", "Email.Widening.Action", "/utvidet-sok", 0, ignoreIfUnexpected: false);

    /// <summary>
    /// To a coordinator: a volunteer of her association paused, came back or left, by her own choice on her pages.
    /// It names nobody (SR2); the link goes to the app. <paramref name="change"/> is "Paused", "Resumed", "Left" or "Withdrawn".
    /// </summary>
    public EmailMessage VolunteerNotice(string to, string change) =>
        Build(to, "Email.Volunteer.Subject", "Email.Volunteer." + change, "Email.Volunteer.Action", "/", 0, ignoreIfUnexpected: false);

    /// <summary>
    /// To a volunteer: her police certificate must soon be renewed, or has expired (<paramref name="stage"/> is
    /// "FirstReminder", "SecondReminder" or "Expired"). A neutral subject with no details; the link goes to her own page.
    /// </summary>
    public EmailMessage RenewalReminderToVolunteer(string to, string stage) =>
        Build(to, "Email.Renewal.Subject", "Email.Renewal.Volunteer." + stage, "Email.Renewal.VolunteerAction", "/min-side", 0, ignoreIfUnexpected: false);

    /// <summary>
    /// To a coordinator: a volunteer of her association has a police certificate due for renewal, or expired. It names
    /// nobody (SR2); the link goes to the volunteers' list, which marks her.
    /// </summary>
    public EmailMessage RenewalReminderToCoordinator(string to, string stage) =>
        Build(to, "Email.Volunteer.Subject", "Email.Renewal.Coordinator." + stage, "Email.Renewal.CoordinatorAction", "/frivillige", 0, ignoreIfUnexpected: false);

    /// <summary>
    /// To a volunteer: a coordinator proposed her for a match. A neutral subject, nothing about the woman (SR2); the
    /// link goes to her own page, which lists the proposal.
    /// </summary>
    public EmailMessage MatchProposalToVolunteer(string to) =>
        Build(to, "Email.Match.Proposal.Subject", "Email.Match.Proposal.Body", "Email.Match.Proposal.Action", "/min-side", 0, ignoreIfUnexpected: false);

    /// <summary>
    /// To a volunteer: a proposal or match of hers has ended because the woman left the programme. It names nobody and
    /// says nothing about why (SR2); the link goes to her page, which shows what is current.
    /// </summary>
    public EmailMessage MatchEndedToVolunteer(string to) =>
        Build(to, "Email.Match.Ended.Subject", "Email.Match.Ended.Body", "Email.Match.Proposal.Action", "/min-side", 0, ignoreIfUnexpected: false);

    /// <summary>
    /// To a coordinator: a volunteer answered a proposal in her association (yes, no, or that she knows the woman —
    /// the e-mail is the same for every answer and names nobody, SR2). The link goes to the matches list.
    /// </summary>
    public EmailMessage MatchAnswerToCoordinator(string to) =>
        Build(to, "Email.Match.Coordinator.Subject", "Email.Match.Answer.Body", "Email.Match.Answer.Action", "/koblinger", 0, ignoreIfUnexpected: false);

    /// <summary>
    /// To a coordinator: a volunteer in one of her association's matches no longer meets a requirement (certificate,
    /// training or declaration). It names nobody (SR2) and changes nothing; the link goes to the matches, which mark it.
    /// </summary>
    public EmailMessage MatchRequirementsFlagged(string to) =>
        Build(to, "Email.Volunteer.Subject", "Email.MatchFlag.Coordinator", "Email.MatchFlag.Action", "/koblinger", 0, ignoreIfUnexpected: false);

    /// <summary>
    /// To someone who has just applied to become a volunteer: thanks, and the association will contact her. A neutral
    /// subject and body (SR2), nothing she wrote, no link (there is nothing for her to do yet).
    /// </summary>
    public EmailMessage ApplicationReceived(string to)
    {
        var body = t["Email.Application.Body"].Value;
        var ignore = t["Email.IgnoreIfUnexpected"].Value;
        var enc = HtmlEncoder.Default;
        var html =
            "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;font-size:16px;color:#1e2b3c\">" +
            $"<p>{enc.Encode(body)}</p><p style=\"color:#555\">{enc.Encode(ignore)}</p></body></html>";
        return new EmailMessage(to, t["Email.Application.Subject"], $"{body}\n\n{ignore}\n", html) { Kind = nameof(ApplicationReceived) };
    }

    /// <summary>
    /// An absolute link: Email:PublicBaseUrl, or (Development only, the start-up check requires it elsewhere) the app's own
    /// listening address. Never the request's Host or X-Forwarded-Host header, which anyone can forge.
    /// </summary>
    public string AbsoluteUrl(string pathAndQuery)
    {
        var configured = options.Value.PublicBaseUrl;
        var baseUrl = string.IsNullOrWhiteSpace(configured) ? ownAddress.BaseUrl() : configured.Trim();
        return baseUrl.TrimEnd('/') + pathAndQuery;
    }

    private EmailMessage Build(string to, string subjectKey, string bodyKey, string actionKey, string path, int lifetime, bool ignoreIfUnexpected = true,
        [CallerMemberName] string kind = "")
    {
        var link = AbsoluteUrl(path);
        var body = t[bodyKey, lifetime].Value;
        var ignore = ignoreIfUnexpected ? t["Email.IgnoreIfUnexpected"].Value : string.Empty;
        var text = ignoreIfUnexpected ? $"{body}\n\n{link}\n\n{ignore}\n" : $"{body}\n\n{link}\n";
        var enc = HtmlEncoder.Default;
        var html =
            "<!doctype html><html><body style=\"font-family:system-ui,sans-serif;font-size:16px;color:#1e2b3c\">" +
            $"<p>{enc.Encode(body)}</p>" +
            $"<p><a href=\"{enc.Encode(link)}\" style=\"display:inline-block;padding:12px 20px;background:#0062ba;color:#fff;border-radius:6px;text-decoration:none\">{enc.Encode(t[actionKey])}</a></p>" +
            (ignoreIfUnexpected ? $"<p style=\"color:#555\">{enc.Encode(ignore)}</p>" : string.Empty) + "</body></html>";
        return new EmailMessage(to, t[subjectKey], text, html) { Kind = kind };
    }
}
