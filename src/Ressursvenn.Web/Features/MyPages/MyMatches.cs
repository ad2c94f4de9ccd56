using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// A volunteer's matches, and what she may see of a woman (SR7). A volunteer's data scope shows no participant at all;
/// <see cref="WomanAsync"/> checks that the match is at a step where she may see something of the woman and asks
/// <see cref="Matching.MatchLoader"/>, whose handler checks the match is the signed-in volunteer's own, and the pages then
/// show only the fields her role may see (anonymised by MatchingProfiles.Anonymise for a proposal; first name, the
/// safe-contact plan and, with her consent, languages and interests for an active match).
/// </summary>
public sealed class MyMatches(AppDbContext db, DataScope scope, Matching.MatchLoader loader, IHttpContextAccessor http)
{
    /// <summary>What the volunteer is about to see of the woman.</summary>
    public enum View
    {
        /// <summary>The anonymised proposal: before the start meeting.</summary>
        Proposal,

        /// <summary>Her name and how to reach her: an active or paused match only.</summary>
        Contact,
    }

    /// <summary>Steps at which the volunteer reads the anonymised proposal.</summary>
    public static bool IsProposal(MatchStatus status) => Match.BeforeStart.Contains(status);

    /// <summary>Steps at which the volunteer may see the woman's first name and safe-contact plan.</summary>
    public static bool IsRunning(MatchStatus status) => status is MatchStatus.Active or MatchStatus.Paused;

    /// <summary>Her matches before the start meeting and her running ones (no data of the woman), newest first.</summary>
    public async Task<IReadOnlyList<Match>> CurrentAsync(Volunteer me, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(me);
        var statuses = new[]
        {
            MatchStatus.Proposed, MatchStatus.AcceptedByVolunteer, MatchStatus.AcceptedByParticipant, MatchStatus.Active, MatchStatus.Paused,
        };
        return await db.Matches.AsNoTracking()
            .Where(m => m.VolunteerId == me.Id && statuses.Contains(m.Status))
            .OrderByDescending(m => m.ProposedAt)
            .ToListAsync(ct);
    }

    /// <summary>
    /// The woman of the volunteer's own match (untracked, with her consents), or null when the match is not hers or not at
    /// a step that allows the view.
    /// </summary>
    public async Task<Participant?> WomanAsync(Match match, Volunteer me, View view, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(me);
        var mine = scope.VolunteerUserId != Guid.Empty && me.UserId == scope.VolunteerUserId && match.VolunteerId == me.Id;
        var allowed = view == View.Proposal ? IsProposal(match.Status) : IsRunning(match.Status);
        if (!mine || !allowed)
        {
            return null;
        }

        // Her own match at a step that allows the view; the loader's handler checks the match once more, and the caller
        // shows only the fields of the view.
        return http.HttpContext?.User is { } user ? await loader.WomanForVolunteerAsync(user, match, ct) : null;
    }
}
