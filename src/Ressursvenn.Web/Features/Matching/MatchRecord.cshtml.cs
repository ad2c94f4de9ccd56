using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Security;
using Ressursvenn.Web.Security.Resources;


namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// One match for the coordinators of the woman's association (docs/domain.md §4.3): who the pair is, the steps as a list
/// (proposed → the volunteer said yes → the woman said yes → start meeting held, with the planned end), and the one
/// action of the current step — the woman's answer, the start meeting, or ending the proposal with a reason. A
/// volunteer's expired requirement is shown as a warning with the choice to go on while it is renewed; it never ends
/// the match by itself. Every form carries the match's version, so a lost update is refused (SR20), and every view is
/// audited (SR17). Anyone else — a neighbouring association that lent the volunteer included — gets 404.
/// </summary>
public sealed class MatchRecordModel(AppDbContext db, MatchWorkflowService workflow, MatchLoader loader, Volunteers.VolunteerLoader volunteers, DataScope scope, AuditTrail audit) : AppPageModel
{
    /// <summary>The reasons a coordinator gives for ending a proposal (a declared acquaintance is the volunteer's own answer).</summary>
    public static readonly MatchDeclineReason[] CoordinatorReasons =
    [
        MatchDeclineReason.CoordinatorWithdrew, MatchDeclineReason.ParticipantSaidNo, MatchDeclineReason.ParticipantNotReachable,
        MatchDeclineReason.VolunteerNotAvailable, MatchDeclineReason.VolunteerNotRightFit, MatchDeclineReason.Other,
    ];

    public Match Match { get; private set; } = null!;

    public Participant Woman { get; private set; } = null!;

    public string VolunteerName { get; private set; } = string.Empty;

    /// <summary>The volunteer's association when she was lent by a neighbouring one (then her record is not linked).</summary>
    public string? LentFrom { get; private set; }

    /// <summary>The woman waits without an open proposal: the page links back to the suggestions for her.</summary>
    public bool CanFindAnother { get; private set; }

    public IReadOnlyList<StepRow> Steps { get; private set; } = [];

    /// <summary>The hard rules that refused the start meeting, under the message.</summary>
    public IReadOnlyList<string> RefusalReasons { get; private set; } = [];

    public enum StepState
    {
        Done,
        Current,
        Later,
    }

    public sealed record StepRow(string Label, DateOnly? On, StepState State);

    [BindProperty]
    public long Version { get; set; }

    [HandlerInput]
    [Display(Name = "MatchPage.Answer")]
    public bool? Answer { get; set; }

    [HandlerInput]
    [Display(Name = "MatchPage.HeldOn")]
    public DateOnly? HeldOn { get; set; }

    [HandlerInput]
    [Display(Name = "MatchPage.CrisisCentrePresent")]
    public bool CrisisCentrePresent { get; set; }

    [HandlerInput]
    [Display(Name = "MatchPage.Reason")]
    public MatchDeclineReason? Reason { get; set; }

    [HandlerInput]
    [Display(Name = "MatchPage.Note")]
    public string? Note { get; set; }

    public IReadOnlyList<SelectListItem> Answers =>
        [new(T("MatchPage.AnswerYes"), "true"), new(T("MatchPage.AnswerNo"), "false")];

    public IReadOnlyList<SelectListItem> Reasons =>
        CoordinatorReasons.Select(r => new SelectListItem(T("MatchDeclineReason." + r), r.ToString())).ToList();

    /// <summary>Before the start meeting: the proposal can still be ended.</summary>
    public bool IsPreStart => MyPages.MyMatches.IsProposal(Match.Status);

    public bool HasOpenFlag => Match.IsOpen && Match.RequirementsFlaggedAt is not null && Match.RequirementsFlagDecidedAt is null;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        HeldOn = workflow.Today;
        return await ShowAsync();
    }

    /// <remarks>Each form's fields are the handler's own parameters, so no other form's post is checked against them.</remarks>
    public async Task<IActionResult> OnPostAnswerAsync(Guid id, [FromForm(Name = nameof(Answer))] bool? answer)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        Answer = answer;
        if (Answer is null)
        {
            ModelState.AddModelError(nameof(Answer), T("MatchPage.AnswerRequired"));
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync();
        }

        var yes = Answer!.Value;
        var refusal = await workflow.RecordParticipantAnswerAsync(Match, Version, yes, UserId, HttpContext.RequestAborted);
        return await AfterStepAsync(id, refusal, yes ? "MatchPage.AnswerSavedYes" : "MatchPage.AnswerSavedNo");
    }

    public async Task<IActionResult> OnPostStartAsync(
        Guid id,
        [FromForm(Name = nameof(HeldOn)), Display(Name = "MatchPage.HeldOn")] DateOnly? heldOn,
        [FromForm(Name = nameof(CrisisCentrePresent))] bool crisisCentrePresent)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        HeldOn = heldOn;
        CrisisCentrePresent = crisisCentrePresent;
        if (HeldOn is null && !HasError(nameof(HeldOn)))
        {
            ModelState.AddModelError(nameof(HeldOn), T("MatchPage.HeldOnRequired"));
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync();
        }

        var refusal = await workflow.RecordStartMeetingAsync(Match, Version, HeldOn!.Value, CrisisCentrePresent, HttpContext.RequestAborted);
        RefusalReasons = workflow.RefusedBy.Select(e => T("Exclusion." + e.Code)).ToList();
        return await AfterStepAsync(id, refusal, "MatchPage.Started",
            refusal is "Match.StartMeetingInFuture" or "Match.StartMeetingBeforeProposal" ? nameof(HeldOn) : null);
    }

    public async Task<IActionResult> OnPostDeclineAsync(
        Guid id,
        [FromForm(Name = nameof(Reason)), Display(Name = "MatchPage.Reason")] MatchDeclineReason? reason,
        [FromForm(Name = nameof(Note)), StringLength(300, ErrorMessage = "MatchPage.NoteTooLong"), Display(Name = "MatchPage.Note")] string? note)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        Reason = reason;
        Note = note;
        if (Reason is null && !HasError(nameof(Reason)))
        {
            ModelState.AddModelError(nameof(Reason), T("MatchPage.ReasonRequired"));
        }
        else if (Reason is { } given && !CoordinatorReasons.Contains(given))
        {
            ModelState.AddModelError(nameof(Reason), T("Common.UnknownChoice"));
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync();
        }

        var chosen = Reason!.Value;
        var by = chosen switch
        {
            MatchDeclineReason.ParticipantSaidNo => MatchDeclinedBy.Participant,
            MatchDeclineReason.VolunteerNotAvailable => MatchDeclinedBy.Volunteer,
            _ => MatchDeclinedBy.Coordinator,
        };
        var refusal = await workflow.DeclineAsync(Match, Version, by, chosen, Note, HttpContext.RequestAborted);
        return await AfterStepAsync(id, refusal, "MatchPage.Declined");
    }

    public async Task<IActionResult> OnPostFlagAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        if (!ModelState.IsValid)
        {
            return await ShowAsync();
        }

        var refusal = await workflow.DecideOnRequirementsFlagAsync(Match, Version, UserId, HttpContext.RequestAborted);
        return await AfterStepAsync(id, refusal, "MatchPage.FlagDecided");
    }

    private Guid? UserId => Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) ? userId : null;

    private bool HasError(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    private async Task<bool> OpenAsync(Guid id)
    {
        var operation = HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method) ? MatchOperation.Read : MatchOperation.Step;
        var found = await loader.LoadAsync(User, id, operation, HttpContext.RequestAborted);
        if (found is null)
        {
            return false;
        }

        Match = found;
        return true;
    }

    /// <summary>
    /// After a step: on success back to the page with the message (POST-Redirect-GET); when refused, the step's changes
    /// and audit entries are dropped, the match is read afresh and the page shows why, with what was typed kept.
    /// </summary>
    private async Task<IActionResult> AfterStepAsync(Guid id, string? refusal, string done, string? field = null)
    {
        if (refusal is null)
        {
            StatusMessage = T(done);
            return Redirect($"/kobling/{Match.Id}");
        }

        audit.Take();
        db.ChangeTracker.Clear();
        ModelState.AddModelError(field ?? string.Empty, T(refusal));
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        // The match was read afresh: the forms render its current version (a lost update keeps the old one, so
        // nothing is saved until the page is opened again, as the message says).
        if (refusal != "Common.Concurrency")
        {
            Version = Match.Version;
        }

        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        var ct = HttpContext.RequestAborted;
        // A match whose woman was erased stays only for the statistics: there is no page for it.
        var woman = Match.ParticipantId is { } womanId ? await db.Participants.AsNoTracking().FirstOrDefaultAsync(p => p.Id == womanId, ct) : null;
        if (woman is null)
        {
            return Denied();
        }

        Woman = woman;
        if (!HttpMethods.IsPost(Request.Method))
        {
            // A post shows the version it was built from (the hidden fields render this property).
            Version = Match.Version;
        }

        if (scope.Covers(Match.VolunteerAssociationId))
        {
            // Whole volunteer, not a projection: her name is encrypted and decrypted on load (ADR 0008).
            VolunteerName = (await db.Volunteers.AsNoTracking().FirstOrDefaultAsync(v => v.Id == Match.VolunteerId, ct))?.Name ?? "–";
        }
        else
        {
            // A volunteer lent by a neighbouring association is outside this coordinator's data scope: the volunteer
            // loader reads her past the filter only when a match run by this coordinator's association holds her (the
            // handler's lending rule), for her name — nothing else of her record is shown, and it is not linked.
            var lent = Match.VolunteerId is { } lentId ? await volunteers.LoadAsync(User, lentId, VolunteerOperation.Read, ct) : null;
            VolunteerName = lent?.Name ?? "–";
            LentFrom = await db.Associations.AsNoTracking().Where(a => a.Id == Match.VolunteerAssociationId).Select(a => a.Name).FirstOrDefaultAsync(ct) ?? "–";
        }

        CanFindAnother = !Match.IsOpen && Woman.Status == ParticipantStatus.Waiting
            && !await db.Matches.AnyAsync(m => m.ParticipantId == Woman.Id && m.ParticipantSlot != null, ct);
        Steps = BuildSteps();
        audit.Record(AuditActions.MatchViewed, MatchWorkflowService.EntityType, Match.Id);
        await db.SaveChangesAsync(ct);
        return Page();
    }

    private List<StepRow> BuildSteps()
    {
        var m = Match;
        var done = new (string Key, DateOnly? On)[]
        {
            ("MatchPage.Step.Proposed", Oslo(m.ProposedAt)),
            ("MatchPage.Step.VolunteerYes", Oslo(m.VolunteerAcceptedAt)),
            ("MatchPage.Step.ParticipantYes", Oslo(m.ParticipantAcceptedAt)),
            ("MatchPage.Step.Started", m.StartMeetingOn),
        };
        var rows = new List<StepRow>();
        var current = m.Status == MatchStatus.Declined ? -1 : Array.FindIndex(done, d => d.On is null);
        for (var i = 0; i < done.Length; i++)
        {
            var state = done[i].On is not null ? StepState.Done : i == current ? StepState.Current : StepState.Later;
            rows.Add(new StepRow(T(done[i].Key), done[i].On, state));
        }

        return rows;
    }

    public static DateOnly? Oslo(DateTime? utc) => utc is { } at ? WorkingDays.OsloDate(at) : null;
}
