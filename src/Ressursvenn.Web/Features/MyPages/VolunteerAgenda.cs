using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>What kind of thing waits for her, in the order her home page shows them.</summary>
public enum AgendaKind
{
    /// <summary>A proposal she has not answered: the most urgent, a woman is waiting for it.</summary>
    Proposal = 0,

    /// <summary>The confidentiality declaration (or a new version of it) to sign.</summary>
    Declaration = 1,

    /// <summary>Her police certificate has expired or must be renewed soon.</summary>
    Renewal = 2,

    /// <summary>A mandatory training module she has not done (e.g. one added after her approval).</summary>
    Training = 3,

    /// <summary>Her application is being processed: steps the coordinator still has to record.</summary>
    Application = 4,
}

/// <summary>One line of her home page: what to do (a resource key with its arguments) and where to do it.</summary>
public sealed record AgendaItem(AgendaKind Kind, string TextKey, string Href, params object[] Arguments);

/// <summary>
/// A volunteer's home page: what waits for her first (a proposal to answer, the
/// declaration to sign, a renewal that is due, training to do, her application's state), then her running match and
/// the proposals she has said yes to. Built from her overview and her matches only, so it holds nothing of a woman.
/// </summary>
public sealed record VolunteerAgenda(IReadOnlyList<AgendaItem> ToDo, IReadOnlyList<Guid> RunningMatches, IReadOnlyList<Guid> AnsweredProposals)
{
    public bool IsEmpty => ToDo.Count == 0 && RunningMatches.Count == 0 && AnsweredProposals.Count == 0;

    public static VolunteerAgenda Build(VolunteerOverview overview, IReadOnlyList<Match> matches)
    {
        ArgumentNullException.ThrowIfNull(overview);
        ArgumentNullException.ThrowIfNull(matches);
        var items = new List<AgendaItem>();
        items.AddRange(matches.Where(m => m.Status == MatchStatus.Proposed)
            .Select(m => new AgendaItem(AgendaKind.Proposal, "MyPages.Agenda.Proposal", $"/min-side/forslag/{m.Id}")));
        if (!overview.IsEnded)
        {
            if (!overview.DeclarationIsCurrent)
            {
                items.Add(new AgendaItem(AgendaKind.Declaration,
                    overview.Declaration is null ? "MyPages.Agenda.Declaration" : "MyPages.Agenda.DeclarationNewVersion", "/min-side/taushetserklaering"));
            }

            if (overview.CertificateValidUntil is { } until && overview.CertificateState is { } state && state != RenewalState.Valid)
            {
                items.Add(new AgendaItem(AgendaKind.Renewal,
                    state == RenewalState.Expired ? "MyPages.Agenda.CertificateExpired" : "MyPages.Agenda.CertificateDue", "/min-side#my-renewals", until.ToString("d")));
            }

            if (!overview.IsApplication && overview.ToDo.Count > 0)
            {
                items.Add(new AgendaItem(AgendaKind.Training, "MyPages.Agenda.Training", "/min-side#my-training"));
            }

            // While she applies, what is missing is mostly the coordinator's to record; the declaration is hers and listed above.
            if (overview.IsApplication && overview.Missing.Any(r => r != Requirement.Declaration))
            {
                items.Add(new AgendaItem(AgendaKind.Application, "MyPages.Agenda.Application", "/min-side#status-heading"));
            }
        }

        return new VolunteerAgenda(
            items,
            [.. matches.Where(m => MyMatches.IsRunning(m.Status)).Select(m => m.Id)],
            [.. matches.Where(m => m.Status is MatchStatus.AcceptedByVolunteer or MatchStatus.AcceptedByParticipant).Select(m => m.Id)]);
    }
}
