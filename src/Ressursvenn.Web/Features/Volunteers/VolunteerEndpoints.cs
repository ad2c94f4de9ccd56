using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.MyPages;
using Ressursvenn.Web.Features.Volunteers;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>
/// Volunteers (docs/domain.md §4.1). Her association's coordinators list and open volunteers (audited, SR17) and take the
/// screening steps through <see cref="VolunteerScreeningService"/>, the very rules and audit entries of her record page,
/// with optimistic concurrency through If-Match; anyone else gets the 404 of a missing record. A volunteer reads her own
/// record only, through /me/volunteer. Names and contact details are encrypted, so they are decrypted on load and never
/// filtered, sorted or projected in SQL (ADR 0011).
/// </summary>
public static class VolunteerEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/volunteers", ListAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("ListVolunteers")
            .WithTags("Volunteers")
            .WithSummary("The volunteers and applicants of the coordinator's associations, with what is missing before approval (audited).");
        api.MapGet("/volunteers/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.Coordinator)
            .WithName("GetVolunteer")
            .WithTags("Volunteers")
            .WithSummary("A volunteer's record (audited); its version is also the ETag. 404 when not in the coordinator's associations.");
        api.MapPost("/volunteers/{id:guid}/move-on", MoveOnAsync)
            .RequireAuthorization(Policies.Coordinator)
            .ProducesStep<VolunteerStateResponse>()
            .WithName("MoveVolunteerOn")
            .WithTags("Volunteers")
            .WithSummary("Moves an application one step on: Applied → Interview → Checks → Training. Optional If-Match: \"<version>\".");
        api.MapPost("/volunteers/{id:guid}/interview", InterviewAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Accepts<InterviewInput>("application/json")
            .ProducesStep<VolunteerStateResponse>()
            .ProducesValidationProblem()
            .WithName("RecordVolunteerInterview")
            .WithTags("Volunteers")
            .WithSummary("Records (or corrects) the interview and suitability assessment of an open application. Optional If-Match.");
        api.MapPost("/volunteers/{id:guid}/police-certificate", CertificateAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Accepts<CertificateInput>("application/json")
            .ProducesStep<VolunteerStateResponse>()
            .ProducesValidationProblem()
            .WithName("RecordPoliceCertificate")
            .WithTags("Volunteers")
            .WithSummary("Records a police certificate as seen (dates and purpose; no copy is ever stored). A certificate too old when shown is a 400. Optional If-Match.");
        api.MapPost("/volunteers/{id:guid}/training", TrainingAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Accepts<TrainingRequest>("application/json")
            .ProducesStep<VolunteerStateResponse>()
            .ProducesValidationProblem()
            .WithName("RecordVolunteerTraining")
            .WithTags("Volunteers")
            .WithSummary("Marks a training module done on a date, or not done (completedOn null). Optional If-Match.");
        api.MapPost("/volunteers/{id:guid}/approve", ApproveAsync)
            .RequireAuthorization(Policies.Coordinator)
            .ProducesStep<ApprovalResponse>()
            .Produces<ApprovalResponse>(StatusCodes.Status202Accepted)
            .WithName("ApproveVolunteer")
            .WithTags("Volunteers")
            .WithSummary("Approves her (200), or, where the association has two or more coordinators, asks for approval and waits for a "
                + "different coordinator to confirm (202, four-eyes). 409 lists the missing requirements. Optional ?capacity=1..the setting: "
                + "how many women she may have at a time (refused with 409 when out of range). Optional If-Match.");
        api.MapPost("/volunteers/{id:guid}/reject", RejectAsync)
            .RequireAuthorization(Policies.Coordinator)
            .Accepts<RejectInput>("application/json")
            .ProducesStep<VolunteerStateResponse>()
            .ProducesValidationProblem()
            .WithName("RejectVolunteer")
            .WithTags("Volunteers")
            .WithSummary("Rejects an open application with a reason code; her account, if any, is closed. Optional If-Match.");
        api.MapPost("/volunteers/{id:guid}/withdraw", WithdrawAsync)
            .RequireAuthorization(Policies.Coordinator)
            .ProducesStep<VolunteerStateResponse>()
            .WithName("WithdrawVolunteer")
            .WithTags("Volunteers")
            .WithSummary("Records that she withdrew her application; her account, if any, is closed. Optional If-Match.");
        api.MapPost("/volunteers/{id:guid}/leave", LeaveAsync)
            .RequireAuthorization(Policies.Coordinator)
            .ProducesStep<VolunteerStateResponse>()
            .WithName("VolunteerLeaves")
            .WithTags("Volunteers")
            .WithSummary("An approved or paused volunteer leaves: her police-certificate record is deleted at once and her account closed. Optional If-Match.");
        api.MapGet("/me/volunteer", MineAsync)
            .RequireAuthorization(Policies.Volunteer)
            .WithName("GetMyVolunteerRecord")
            .WithTags("Volunteers")
            .WithSummary("The signed-in volunteer's own status, what is left before approval, renewals, training and declarations. 404 without a record.");
    }

    private static async Task<Ok<List<VolunteerSummary>>> ListAsync(
        AppDbContext db, AuditTrail audit, ProgrammeSettingsService settings, VolunteerScreeningService screening, CancellationToken ct)
    {
        var associations = db.Scope.AssociationIds.ToList();
        var volunteers = await db.Volunteers.AsNoTracking().Where(v => associations.Contains(v.AssociationId)).WithScreening().ToListAsync(ct);
        var policy = await settings.GetAsync(ct);
        var catalogue = await db.TrainingModules.AsNoTracking().ToListAsync(ct);
        var today = screening.Today;
        // As the coordinator's board records it, marked as read through the API.
        audit.Record(AuditActions.VolunteerListViewed, nameof(Volunteer), null, ApiEndpoints.AuditDetail);
        await db.SaveChangesAsync(ct);
        var rows = volunteers
            .Select(v => new VolunteerSummary(
                v.Id, v.Name, v.Status, v.AppliedAt, v.ApprovedAt, v.IsOpenApplication ? VolunteerRules.Missing(v, catalogue, today, policy) : []))
            .OrderBy(v => v.Status)
            .ThenBy(v => v.AppliedAt)
            .ThenBy(v => v.Name, StringComparer.CurrentCulture)
            .ToList();
        return TypedResults.Ok(rows);
    }

    private static async Task<Results<Ok<VolunteerRecord>, NotFound>> GetAsync(
        Guid id, HttpContext http, AppDbContext db, AuditTrail audit, ProgrammeSettingsService settings, VolunteerScreeningService screening,
        IStringLocalizer<SharedResource> t)
    {
        var ct = http.RequestAborted;
        var volunteer = await FindAsync(id, http, ct);
        if (volunteer is null)
        {
            return TypedResults.NotFound();
        }

        audit.Record(AuditActions.VolunteerViewed, nameof(Volunteer), volunteer.Id);
        await db.SaveChangesAsync(ct);
        var policy = await settings.GetAsync(ct);
        var catalogue = await db.TrainingModules.AsNoTracking().ToListAsync(ct);
        http.Response.Headers.ETag = ApiVersions.ETag(volunteer.Version);
        return TypedResults.Ok(Record(volunteer, catalogue, screening.Today, policy, t));
    }

    private static Task<IResult> MoveOnAsync(Guid id, HttpContext http, VolunteerScreeningService screening, AppDbContext db, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, screening, db, t, () => Task.FromResult<(VolunteerStep?, IResult?)>((VolunteerScreeningService.MoveOn(), null)));

    private static Task<IResult> InterviewAsync(Guid id, HttpContext http, VolunteerScreeningService screening, AppDbContext db, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, screening, db, t, async () =>
        {
            var (input, problem) = await ApiJson.ReadAsync<InterviewInput>(http, t);
            if (input is null)
            {
                return (null, problem);
            }

            var validation = Validate(input, screening.CheckInterview(input), t);
            return validation.IsValid ? (screening.RecordInterview(input, UserId(http)), null) : (null, validation.ToProblem());
        });

    private static Task<IResult> CertificateAsync(
        Guid id, HttpContext http, VolunteerScreeningService screening, ProgrammeSettingsService settings, AppDbContext db, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, screening, db, t, async () =>
        {
            var (input, problem) = await ApiJson.ReadAsync<CertificateInput>(http, t);
            if (input is null)
            {
                return (null, problem);
            }

            var policy = await settings.GetAsync(http.RequestAborted);
            var validation = Validate(input, screening.CheckCertificate(input, policy), t);
            return validation.IsValid ? (screening.RecordCertificate(input, UserId(http), policy), null) : (null, validation.ToProblem());
        });

    private static Task<IResult> TrainingAsync(Guid id, HttpContext http, VolunteerScreeningService screening, AppDbContext db, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, screening, db, t, async () =>
        {
            var (input, problem) = await ApiJson.ReadAsync<TrainingRequest>(http, t);
            if (input is null)
            {
                return (null, problem);
            }

            var active = await screening.ActiveModulesAsync(http.RequestAborted);
            var validation = new ApiValidation(t);
            if (input.ModuleId is not { } moduleId || !active.ContainsKey(moduleId))
            {
                validation.Add(nameof(TrainingRequest.ModuleId), t["Common.UnknownChoice"]);
            }

            if (screening.CheckTrainingDate(input.CompletedOn) is { } message)
            {
                validation.Add(nameof(TrainingRequest.CompletedOn), message);
            }

            return validation.IsValid
                ? (screening.RecordTraining(active, [(input.ModuleId!.Value, input.CompletedOn)], UserId(http)), null)
                : (null, validation.ToProblem());
        });

    private static Task<IResult> RejectAsync(Guid id, HttpContext http, VolunteerScreeningService screening, AppDbContext db, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, screening, db, t, async () =>
        {
            var (input, problem) = await ApiJson.ReadAsync<RejectInput>(http, t);
            if (input is null)
            {
                return (null, problem);
            }

            var validation = Validate(input, screening.CheckRejection(input), t);
            return validation.IsValid ? (screening.Reject(input.Reason!.Value), null) : (null, validation.ToProblem());
        });

    private static Task<IResult> WithdrawAsync(Guid id, HttpContext http, VolunteerScreeningService screening, AppDbContext db, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, screening, db, t, () => Task.FromResult<(VolunteerStep?, IResult?)>((screening.Withdraw(), null)));

    private static Task<IResult> LeaveAsync(Guid id, HttpContext http, VolunteerScreeningService screening, AppDbContext db, IStringLocalizer<SharedResource> t) =>
        StepAsync(id, http, screening, db, t, () => Task.FromResult<(VolunteerStep?, IResult?)>((screening.Leave(), null)));

    private static async Task<IResult> ApproveAsync(Guid id, int? capacity, HttpContext http, VolunteerScreeningService screening, AppDbContext db, IStringLocalizer<SharedResource> t)
    {
        var ct = http.RequestAborted;
        var volunteer = await FindAsync(id, http, ct);
        if (volunteer is null)
        {
            return TypedResults.NotFound();
        }

        if (ApiVersions.Refusal(http.Request, volunteer.Version, t) is { } refused)
        {
            return refused;
        }

        var result = await screening.ApproveAsync(volunteer, null, UserId(http), capacity, ct);
        switch (result.Outcome)
        {
            case StepOutcome.Done:
                http.Response.Headers.ETag = ApiVersions.ETag(volunteer.Version);
                return TypedResults.Ok(new ApprovalResponse(volunteer.Id, volunteer.Version, volunteer.Status, ApprovalState.Approved));
            case StepOutcome.ApprovalRequested or StepOutcome.StillWaiting:
                // Asked for (or asked for before by the same coordinator: nothing changed); a colleague must confirm.
                http.Response.Headers.ETag = ApiVersions.ETag(volunteer.Version);
                return TypedResults.Accepted((string?)null, new ApprovalResponse(volunteer.Id, volunteer.Version, volunteer.Status, ApprovalState.AwaitingSecondCoordinator));
            case StepOutcome.MissingRequirements:
                return TypedResults.Problem(
                    detail: t["Volunteer.CannotApprove"],
                    statusCode: StatusCodes.Status409Conflict,
                    title: t["Api.Conflict"],
                    extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["missing"] = Requirements(result.Missing ?? [], t) });
            default:
                return Refusal(result, t);
        }
    }

    private static async Task<IResult> MineAsync(HttpContext http, MyVolunteer mine, IStringLocalizer<SharedResource> t)
    {
        var ct = http.RequestAborted;
        if (await mine.FindAsync(http.User, ct) is not { } me)
        {
            return TypedResults.NotFound();
        }

        var overview = await mine.OverviewAsync(me, ct);
        http.Response.Headers.ETag = ApiVersions.ETag(me.Version);
        return TypedResults.Ok(new MyVolunteerResponse(
            me.Id, me.Version, me.Status, overview.IsApplication ? Requirements(overview.Missing, t) : [], overview.Done, overview.ToDo,
            overview.CertificateValidUntil, overview.CertificateState, Declarations(me), overview.DeclarationIsCurrent));
    }

    /// <summary>
    /// One screening step on her record: found within the caller's associations (404 otherwise), still at the version
    /// the client holds when she sends If-Match (412 otherwise, also when someone saves in between), its body valid
    /// (400 with a message per field), allowed by the rules (409 with the rule's message), and saved with its audit entry.
    /// </summary>
    private static async Task<IResult> StepAsync(
        Guid id, HttpContext http, VolunteerScreeningService screening, AppDbContext db, IStringLocalizer<SharedResource> t,
        Func<Task<(VolunteerStep? Step, IResult? Problem)>> prepare)
    {
        var ct = http.RequestAborted;
        var volunteer = await FindAsync(id, http, ct);
        if (volunteer is null)
        {
            return TypedResults.NotFound();
        }

        if (ApiVersions.Refusal(http.Request, volunteer.Version, t) is { } refused)
        {
            return refused;
        }

        var (step, problem) = await prepare();
        if (step is null)
        {
            return problem!;
        }

        var result = await screening.RunAsync(volunteer, null, step, ct);
        if (!result.Saved)
        {
            return Refusal(result, t);
        }

        http.Response.Headers.ETag = ApiVersions.ETag(volunteer.Version);
        return TypedResults.Ok(new VolunteerStateResponse(volunteer.Id, volunteer.Version, volunteer.Status));
    }

    /// <summary>Her screening record through the one loader, which asks the volunteer handler.</summary>
    private static Task<Volunteer?> FindAsync(Guid id, HttpContext http, CancellationToken ct) =>
        http.RequestServices.GetRequiredService<VolunteerLoader>().LoadAsync(http.User, id, Security.Resources.VolunteerOperation.Screen, ct);

    private static ProblemHttpResult Refusal(StepResult result, IStringLocalizer t) =>
        result.Outcome == StepOutcome.Refused && result.RefusalKey is { } key
            ? ApiProblems.Problem(StatusCodes.Status409Conflict, t["Api.Conflict"], t[key])
            : ApiProblems.Stale(t);

    /// <summary>The form's annotations (messages are resource keys, as on the page), control characters, and the service's checks.</summary>
    private static ApiValidation Validate(object input, IEnumerable<FieldMessage> checks, IStringLocalizer t)
    {
        var validation = new ApiValidation(t);
        validation.AddAnnotations(input);
        validation.AddControlCharacters(input);
        foreach (var check in checks)
        {
            validation.Add(check.Field, check.Message);
        }

        return validation;
    }

    private static Guid UserId(HttpContext http) => Guid.Parse(http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);

    private static List<RequirementResponse> Requirements(IEnumerable<Requirement> missing, IStringLocalizer t) =>
        missing.Select(r => new RequirementResponse(r, t["Requirement." + r])).ToList();

    private static List<DeclarationResponse> Declarations(Volunteer v) =>
        v.Declarations.OrderByDescending(d => d.SignedAt)
            .Select(d => new DeclarationResponse(d.TextVersion, d.SignedAt, d.TextVersion == DeclarationSignature.CurrentTextVersion))
            .ToList();

    private static VolunteerRecord Record(Volunteer v, IReadOnlyList<TrainingModule> catalogue, DateOnly today, Domain.ProgrammeSettings policy, IStringLocalizer t)
    {
        var names = catalogue.ToDictionary(m => m.Id, m => m.Name);
        var certificate = v.PoliceCertificate is { } c
            ? new PoliceCertificateResponse(
                c.ShownOn, c.IssuedOn, c.Purpose, c.CheckedByUserId, VolunteerRules.CertificateValidUntil(c, policy),
                VolunteerRules.Renewal(VolunteerRules.CertificateValidUntil(c, policy), today, policy))
            : null;
        return new VolunteerRecord(
            v.Id, v.Version, v.AssociationId, v.Name, v.Email, v.Phone, v.BirthDate, v.MunicipalityCode, v.PostalCode, v.Status,
            v.Availability, v.MaxTravelKm, v.Capacity, v.Profile, v.AppliedAt, v.ApprovedAt, v.PausedAt, v.EndedAt, v.UserId is not null,
            v.ApprovalRequestedBy, v.ApprovedBy,
            v.IsOpenApplication ? Requirements(VolunteerRules.Missing(v, catalogue, today, policy), t) : [],
            VolunteerScreening.IsCurrent(v) ? VolunteerRules.MissingModules(v, catalogue).Select(m => new TrainingModuleResponse(m.Id, m.Name)).ToList() : [],
            v.Interview is { } i ? new InterviewResponse(i.HeldOn, i.Suitability, i.Justification, i.InterviewerUserId) : null,
            certificate,
            v.Training.OrderBy(x => x.CompletedOn)
                .Select(x => new TrainingCompletionResponse(x.ModuleId, names.GetValueOrDefault(x.ModuleId), x.CompletedOn)).ToList(),
            Declarations(v));
    }
}
