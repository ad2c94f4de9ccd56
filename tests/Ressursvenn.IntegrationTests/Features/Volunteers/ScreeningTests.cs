using System.Globalization;
using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.IntegrationTests.Features.Volunteers;

/// <summary>
/// The coordinators' screening of volunteers through the pages (docs/domain.md §4.1): the board, interview and suitability,
/// the police certificate as seen (never a file), training, four-eyes approval enforced by the rules, rejection,
/// withdrawal, her account, and leaving (the certificate record goes at once). Other associations see nothing.
/// </summary>
public sealed class ScreeningTests
{
    private const string Name = "Testfrivillig Gunvor-5s";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneCoordinator_TakesAnApplicantThroughEveryStep_AndHerStepApprovesAtOnce()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Screening");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Koordinator Kari");
        // A disabled colleague does not count for four-eyes.
        var disabled = await app.CreateUserAsync(Roles.Coordinator, [association]);
        await DisableAsync(app, disabled.Id);
        using var client = await app.LoggedInClientAsync(coordinator);
        var id = await PlantedVolunteers.PlantAsync(app, association, Name);
        var page = $"/frivillig/{id}";

        var home = await Html.ParseAsync(await client.GetUrlAsync("/"));
        Assert.NotNull(home.QuerySelector("nav a[href='/frivillige']"));
        var list = await Html.ParseAsync(await client.GetUrlAsync("/frivillige"));
        Assert.Contains(Name, list.QuerySelector("section[aria-labelledby=step-applied]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Politiattest er ikke vist.", list.QuerySelector("section[aria-labelledby=step-applied]")!.TextContent, StringComparison.Ordinal);

        var record = await Html.ParseAsync(await client.GetUrlAsync(page));
        Assert.DoesNotContain(Name, record.Title!, StringComparison.Ordinal);
        Assert.Contains(Name, record.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Null(record.QuerySelector("form[action*='handler=Approve']"));

        // The board: Applied → Interview → Checks → Training, one manual step at a time.
        foreach (var expected in new[] { VolunteerStatus.Interview, VolunteerStatus.Checks, VolunteerStatus.Training })
        {
            AssertRedirectToRecord(await SubmitAsync(client, page, "Move", []), id);
            Assert.Equal(expected, (await PlantedVolunteers.LoadAsync(app, id)).Status);
        }

        Assert.Null((await client.GetDocumentAsync(page)).QuerySelector("form[action*='handler=Move']"));

        AssertRedirectToRecord(await SubmitAsync(client, page, "Interview",
            [new("Interview.HeldOn", "2026-11-20"), new("Interview.Suitability", nameof(Suitability.Suitable)), new("Interview.Justification", "Rolig, trygg og erfaren.")]), id);
        AssertRedirectToRecord(await SubmitAsync(client, page, "Certificate",
            [new("Certificate.ShownOn", "2026-11-24"), new("Certificate.IssuedOn", "2026-10-01"), new("Certificate.Purpose", "Frivillig ressursvenn")]), id);
        Assert.NotNull((await client.GetDocumentAsync(page)).QuerySelector($"a[href='{page}/opplaering']"));
        var trainingForm = (await client.GetDocumentAsync($"{page}/opplaering")).QuerySelector("main form.rv-form")!;
        var modules = trainingForm.QuerySelectorAll("input[type=hidden][name$='.ModuleId']").Length;
        Assert.Equal(6, modules);
        Assert.Equal(6, trainingForm.QuerySelectorAll(".rv-tag").Count(t => t.TextContent.Contains("Obligatorisk", StringComparison.Ordinal)));
        var ticks = Enumerable.Range(0, modules).SelectMany(i => new KeyValuePair<string, string>[] { new($"Training[{i}].Done", "true"), new($"Training[{i}].CompletedOn", "2026-11-23") });
        AssertRedirectToRecord(await SubmitAsync(client, page, "Training", ticks), id);

        var stored = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal((new DateOnly(2026, 11, 20), Suitability.Suitable, coordinator.Id), (stored.Interview!.HeldOn, stored.Interview.Suitability, stored.Interview.InterviewerUserId));
        Assert.Equal("Rolig, trygg og erfaren.", stored.Interview.Justification);
        Assert.Equal((new DateOnly(2026, 11, 24), new DateOnly(2026, 10, 1), coordinator.Id), (stored.PoliceCertificate!.ShownOn, stored.PoliceCertificate.IssuedOn, stored.PoliceCertificate.CheckedByUserId));
        Assert.Equal(6, stored.Training.Count);

        // Only the declaration is missing now: she signs it herself on her own page.
        var missing = await Html.ParseAsync(await client.GetUrlAsync(page));
        Assert.Contains("Taushetserklæringen er ikke signert.", missing.QuerySelector("#approval")!.TextContent, StringComparison.Ordinal);
        await PlantedVolunteers.SignDeclarationAsync(app, id);

        var ready = await client.GetDocumentAsync(page);
        Assert.Contains("Signert", ready.QuerySelector("section[aria-labelledby=declaration-heading]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Godkjenn som ressursvenn", ready.QuerySelector("form[action*='handler=Approve'] button")!.TextContent.Trim());
        AssertRedirectToRecord(await SubmitAsync(client, page, "Approve", []), id);

        var approved = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal(VolunteerStatus.Approved, approved.Status);
        Assert.Equal(coordinator.Id, approved.ApprovedBy);
        Assert.NotNull(approved.ApprovedAt);
        Assert.Contains(Name, (await client.GetDocumentAsync("/frivillige")).QuerySelector("section[aria-labelledby=step-approved]")!.TextContent, StringComparison.Ordinal);
        var actions = await AuditActionsAsync(app, id);
        foreach (var action in new[]
                 {
                     AuditActions.VolunteerViewed, AuditActions.VolunteerMovedOn, AuditActions.VolunteerInterviewRecorded,
                     AuditActions.PoliceCertificateRecorded, AuditActions.VolunteerTrainingRecorded, AuditActions.VolunteerApproved,
                 })
        {
            Assert.Contains(action, actions);
        }

        Assert.DoesNotContain(AuditActions.VolunteerApprovalRequested, actions);
        Assert.Equal(3, actions.Count(a => a == AuditActions.VolunteerMovedOn));
        await using var scope = app.Services.CreateSystemScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AnyAsync(e => e.Action == AuditActions.VolunteerListViewed && e.UserId == coordinator.Id, Ct));
    }

    [Fact]
    public async Task TwoCoordinators_FourEyes_TheSameCoordinatorTwiceStillWaits_TheSecondApproves()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Fireøyne");
        var first = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Første Koordinator");
        var second = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Andre Koordinator");
        using var one = await app.LoggedInClientAsync(first);
        using var two = await app.LoggedInClientAsync(second);
        var id = await PlantedVolunteers.PlantAsync(app, association, Name, VolunteerStatus.Training, Steps.All);
        var page = $"/frivillig/{id}";

        Assert.Equal("Be om godkjenning", (await one.GetDocumentAsync(page)).QuerySelector("form[action*='handler=Approve'] button")!.TextContent.Trim());
        AssertRedirectToRecord(await SubmitAsync(one, page, "Approve", []), id);
        var asked = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal(VolunteerStatus.Training, asked.Status);
        Assert.Equal(first.Id, asked.ApprovalRequestedBy);
        Assert.Contains("Nå må en annen koordinator bekrefte", await StatusAsync(one, page), StringComparison.Ordinal);

        // The first coordinator sees no button, and posting anyway changes nothing: the rule, not the button, decides.
        var own = await one.GetDocumentAsync(page);
        Assert.Null(own.QuerySelector("form[action*='handler=Approve']"));
        Assert.Contains("Venter på en annen koordinator", own.QuerySelector("#approval")!.TextContent, StringComparison.Ordinal);
        var again = await one.PostFormAsync(page, [new("Version", asked.Version.ToString(CultureInfo.InvariantCulture))], $"{page}?handler=Approve");
        AssertRedirectToRecord(again, id);
        var still = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal(VolunteerStatus.Training, still.Status);
        Assert.Null(still.ApprovedBy);
        Assert.Contains("venter fortsatt på en annen koordinator", await StatusAsync(one, page), StringComparison.Ordinal);

        // The second coordinator sees who asked, and confirms.
        var theirs = await two.GetDocumentAsync(page);
        Assert.Contains("Første Koordinator har bedt om godkjenning", theirs.QuerySelector("#approval")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Name, theirs.QuerySelector("#main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Venter på godkjenning", (await two.GetDocumentAsync("/frivillige")).QuerySelector("section[aria-labelledby=step-training]")!.TextContent, StringComparison.Ordinal);
        AssertRedirectToRecord(await SubmitAsync(two, page, "Approve", []), id);
        var approved = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal(VolunteerStatus.Approved, approved.Status);
        Assert.Equal((first.Id, second.Id), (approved.ApprovalRequestedBy!.Value, approved.ApprovedBy!.Value));
        var actions = await AuditActionsAsync(app, id);
        Assert.Equal(1, actions.Count(a => a == AuditActions.VolunteerApprovalRequested));
        Assert.Equal(1, actions.Count(a => a == AuditActions.VolunteerApproved));
        var record = await two.GetDocumentAsync(page);
        Assert.Contains("Andre Koordinator", record.QuerySelector("#approval")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_IsRefusedWithTheMissingItemsListed_AndNothingChanges()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Mangler");
        using var client = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var id = await PlantedVolunteers.PlantAsync(app, association, Name, VolunteerStatus.Training, Steps.Interview);
        var page = $"/frivillig/{id}";
        var before = await PlantedVolunteers.LoadAsync(app, id);

        // No approve button while something is missing; a post anyway is refused by the rules.
        var shown = await client.GetDocumentAsync(page);
        Assert.Null(shown.QuerySelector("form[action*='handler=Approve']"));
        var refused = await client.PostFormAsync(page, [new("Version", before.Version.ToString(CultureInfo.InvariantCulture))], $"{page}?handler=Approve");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var errors = Html.ErrorMessages(await Html.ParseAsync(refused)).ToList();
        Assert.Contains("Hun kan ikke godkjennes ennå. Dette mangler:", errors);
        Assert.Contains("Politiattest er ikke vist.", errors);
        Assert.Contains("Obligatorisk opplæring er ikke fullført.", errors);
        Assert.Contains("Taushetserklæringen er ikke signert.", errors);
        Assert.DoesNotContain("Samtalen og egnethetsvurderingen er ikke fullført.", errors);

        var after = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal((VolunteerStatus.Training, before.Version, (Guid?)null), (after.Status, after.Version, after.ApprovalRequestedBy));
        Assert.DoesNotContain(AuditActions.VolunteerApproved, await AuditActionsAsync(app, id));

        // Too young on the day of approval is missing too (the age is checked again at approval).
        var young = await PlantedVolunteers.PlantAsync(app, association, "Ung Søker", VolunteerStatus.Training, Steps.All);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var her = await db.Volunteers.SingleAsync(v => v.Id == young, Ct);
            her.BirthDate = new DateOnly(2005, 1, 1);
            await db.SaveChangesAsync(Ct);
        }

        var tooYoung = await client.PostFormAsync($"/frivillig/{young}", [new("Version", (await PlantedVolunteers.LoadAsync(app, young)).Version.ToString(CultureInfo.InvariantCulture))], $"/frivillig/{young}?handler=Approve");
        Assert.Contains("Minstealderen for ressursvenner er ikke nådd.", Html.ErrorMessages(await Html.ParseAsync(tooYoung)));
        Assert.Equal(VolunteerStatus.Training, (await PlantedVolunteers.LoadAsync(app, young)).Status);
    }

    [Fact]
    public async Task PoliceCertificate_IssuedThreeMonthsAndADayBeforeShown_IsRefused_KeepingWhatWasTyped()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Attest");
        using var client = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var id = await PlantedVolunteers.PlantAsync(app, association, Name, VolunteerStatus.Checks);
        var page = $"/frivillig/{id}";

        var tooOld = await SubmitAsync(client, page, "Certificate",
            [new("Certificate.ShownOn", "2026-11-25"), new("Certificate.IssuedOn", "2026-08-24"), new("Certificate.Purpose", "Frivillig i Ressursvenn")]);
        Assert.Equal(HttpStatusCode.OK, tooOld.StatusCode);
        var document = await Html.ParseAsync(tooOld);
        Assert.Contains(Html.ErrorMessages(document), e => e.StartsWith("Attesten var utstedt mer enn 3 måneder før den ble vist.", StringComparison.Ordinal));
        Assert.NotNull(document.QuerySelector("#Certificate_IssuedOn-error"));
        Assert.Equal("2026-11-25", Html.InputValue(document, "Certificate.ShownOn"));
        Assert.Equal("2026-08-24", Html.InputValue(document, "Certificate.IssuedOn"));
        Assert.Equal("Frivillig i Ressursvenn", Html.InputValue(document, "Certificate.Purpose"));
        Assert.Null((await PlantedVolunteers.LoadAsync(app, id)).PoliceCertificate);

        // Shown in the future, and a purpose over 200 characters: each refused beside its field.
        var future = await Html.ParseAsync(await SubmitAsync(client, page, "Certificate",
            [new("Certificate.ShownOn", "2026-11-26"), new("Certificate.IssuedOn", "2026-11-01"), new("Certificate.Purpose", new string('x', 201))]));
        Assert.NotNull(future.QuerySelector("#Certificate_ShownOn-error"));
        Assert.NotNull(future.QuerySelector("#Certificate_Purpose-error"));

        // Exactly three months is within the rule.
        AssertRedirectToRecord(await SubmitAsync(client, page, "Certificate",
            [new("Certificate.ShownOn", "2026-11-25"), new("Certificate.IssuedOn", "2026-08-25"), new("Certificate.Purpose", "Frivillig i Ressursvenn")]), id);
        var seen = (await PlantedVolunteers.LoadAsync(app, id)).PoliceCertificate!;
        Assert.Equal((new DateOnly(2026, 11, 25), new DateOnly(2026, 8, 25), "Frivillig i Ressursvenn"), (seen.ShownOn, seen.IssuedOn, seen.Purpose));
    }

    [Fact]
    public async Task AnotherAssociationsCoordinator_Gets404OnEveryHandler_AndNeverSeesHerName()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Egen");
        var (other, _) = await app.CreateOrganisationAsync("Annen", "4601", "46");
        using var mine = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        using var outsider = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [other]));
        var id = await PlantedVolunteers.PlantAsync(app, association, Name, VolunteerStatus.Training, Steps.All);
        var page = $"/frivillig/{id}";
        var version = (await PlantedVolunteers.LoadAsync(app, id)).Version.ToString(CultureInfo.InvariantCulture);

        Assert.Contains(Name, await BodyAsync(mine, "/frivillige"), StringComparison.Ordinal);
        var list = await outsider.GetUrlAsync("/frivillige");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain(Name, await list.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var get = await outsider.GetUrlAsync(page);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.DoesNotContain(Name, await get.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        foreach (var handler in new[] { "Move", "Interview", "Certificate", "Training", "Approve", "Reject", "Withdraw", "Leave", "Invite", "Capacity", "Networks", "Address" })
        {
            var post = await outsider.PostFormAsync("/frivillige",
            [
                new("Version", version), new("Interview.HeldOn", "2026-11-20"), new("Interview.Suitability", "Suitable"), new("Rejection.Reason", "Other"),
                new("ConfirmLeave", "true"), new("Certificate.ShownOn", "2026-11-20"), new("Certificate.IssuedOn", "2026-11-01"), new("Certificate.Purpose", "x"),
            ], FormUrl(page, handler));
            Assert.True(post.StatusCode == HttpStatusCode.NotFound, $"{handler}: {(int)post.StatusCode}");
            Assert.DoesNotContain(Name, await post.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var unchanged = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal((VolunteerStatus.Training, version), (unchanged.Status, unchanged.Version.ToString(CultureInfo.InvariantCulture)));
        Assert.DoesNotContain(AuditActions.VolunteerViewed, await AuditActionsAsync(app, id));
    }

    [Fact]
    public async Task Leaving_DeletesThePoliceCertificateRecordAtOnce_AndClosesHerAccount()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Slutter");
        using var client = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var account = await app.CreateUserAsync(Roles.Volunteer);
        var id = await PlantedVolunteers.PlantAsync(app, association, Name, VolunteerStatus.Approved, Steps.All, account.Id);
        var page = $"/frivillig/{id}";
        Assert.NotNull((await PlantedVolunteers.LoadAsync(app, id)).PoliceCertificate);

        // Applications end by rejection or withdrawal; an approved volunteer leaves instead.
        var withdraw = await SubmitAsync(client, page, "Leave", [], selectorHandler: "Leave", handlerOverride: "Withdraw");
        Assert.Equal(HttpStatusCode.OK, withdraw.StatusCode);
        Assert.Contains("Dette kan bare gjøres før hun er godkjent.", Html.ErrorMessages(await Html.ParseAsync(withdraw)));

        var unconfirmed = await SubmitAsync(client, page, "Leave", []);
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("Kryss av for at du forstår at dette ikke kan angres.", Html.ErrorMessages(await Html.ParseAsync(unconfirmed)));
        Assert.Equal(VolunteerStatus.Approved, (await PlantedVolunteers.LoadAsync(app, id)).Status);

        AssertRedirectToRecord(await SubmitAsync(client, page, "Leave", [new("ConfirmLeave", "true")]), id);
        var left = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Equal(VolunteerStatus.Left, left.Status);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, left.EndedAt);
        Assert.Null(left.PoliceCertificate);
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.False(await db.PoliceCertificates.AnyAsync(c => c.VolunteerId == id, Ct));
        Assert.Equal(0, await db.PoliceCertificates.CountAsync(Ct));
        Assert.True((await db.Users.AsNoTracking().SingleAsync(u => u.Id == account.Id, Ct)).Disabled);
        Assert.Contains(AuditActions.VolunteerLeft, await AuditActionsAsync(app, id));
        Assert.Contains(Name, (await client.GetDocumentAsync("/frivillige")).QuerySelectorAll("details").Single(d => d.TextContent.Contains("Sluttet", StringComparison.Ordinal)).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejection_NeedsAReasonCode_AndWithdrawalEndsAnApplication()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Avslag");
        using var client = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var rejected = await PlantedVolunteers.PlantAsync(app, association, Name, VolunteerStatus.Interview);
        var withdrawn = await PlantedVolunteers.PlantAsync(app, association, "Trekker Seg", VolunteerStatus.Checks);

        var noReason = await SubmitAsync(client, $"/frivillig/{rejected}", "Reject", []);
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("Velg en grunn.", Html.ErrorMessages(await Html.ParseAsync(noReason)));
        var unknown = await SubmitAsync(client, $"/frivillig/{rejected}", "Reject", [new("Rejection.Reason", "99")]);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(VolunteerStatus.Interview, (await PlantedVolunteers.LoadAsync(app, rejected)).Status);

        AssertRedirectToRecord(await SubmitAsync(client, $"/frivillig/{rejected}", "Reject", [new("Rejection.Reason", nameof(VolunteerRejectReason.NoCapacity))]), rejected);
        var her = await PlantedVolunteers.LoadAsync(app, rejected);
        Assert.Equal(VolunteerStatus.Rejected, her.Status);
        Assert.NotNull(her.EndedAt);
        AssertRedirectToRecord(await SubmitAsync(client, $"/frivillig/{withdrawn}", "Withdraw", []), withdrawn);
        Assert.Equal(VolunteerStatus.Withdrawn, (await PlantedVolunteers.LoadAsync(app, withdrawn)).Status);

        await using var scope = app.Services.CreateSystemScope();
        var entry = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.SingleAsync(e => e.Action == AuditActions.VolunteerRejected, Ct);
        Assert.Equal((rejected, "NoCapacity"), (entry.EntityId!.Value, entry.Detail));

        // Nothing more to do with an ended application: no forms, and a stale post is refused.
        var ended = await client.GetDocumentAsync($"/frivillig/{rejected}");
        Assert.Null(ended.QuerySelector($"a[href='/frivillig/{rejected}/intervju']"));
        var late = await client.PostFormAsync($"/frivillig/{rejected}",
            [new("Version", her.Version.ToString(CultureInfo.InvariantCulture)), new("Interview.HeldOn", "2026-11-20"), new("Interview.Suitability", "Suitable")],
            FormUrl($"/frivillig/{rejected}", "Interview"));
        Assert.Contains("Dette kan bare gjøres før hun er godkjent.", Html.ErrorMessages(await Html.ParseAsync(late)));
    }

    [Fact]
    public async Task LostUpdate_IsRefused_KeepingWhatWasTyped()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Samtidig");
        using var one = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        using var two = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var id = await PlantedVolunteers.PlantAsync(app, association, Name, VolunteerStatus.Interview);
        var page = $"/frivillig/{id}";
        var stale = (await PlantedVolunteers.LoadAsync(app, id)).Version.ToString(CultureInfo.InvariantCulture);

        AssertRedirectToRecord(await SubmitAsync(one, page, "Move", []), id);
        var lost = await two.PostFormAsync(page,
        [
            new("Version", stale), new("Interview.HeldOn", "2026-11-21"), new("Interview.Suitability", nameof(Suitability.NeedsFollowUp)),
            new("Interview.Justification", "Vil snakke mer om tid."),
        ], FormUrl(page, "Interview"));
        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
        var document = await Html.ParseAsync(lost);
        Assert.Contains(Html.ErrorMessages(document), m => m.StartsWith("Noen andre har endret dette", StringComparison.Ordinal));
        Assert.Equal("Vil snakke mer om tid.", Html.InputValue(document, "Interview.Justification"));
        Assert.Equal("2026-11-21", Html.InputValue(document, "Interview.HeldOn"));
        var stored = await PlantedVolunteers.LoadAsync(app, id);
        Assert.Null(stored.Interview);
        Assert.Equal(VolunteerStatus.Checks, stored.Status);

        // Bad input is refused beside its field, keeping the text.
        var tooLong = new string('a', 501);
        var bad = await Html.ParseAsync(await SubmitAsync(two, page, "Interview",
            [new("Interview.HeldOn", "2026-12-24"), new("Interview.Justification", tooLong)]));
        Assert.NotNull(bad.QuerySelector("#Interview_HeldOn-error"));
        Assert.NotNull(bad.QuerySelector("#Interview_Suitability-error"));
        Assert.NotNull(bad.QuerySelector("#Interview_Justification-error"));
        Assert.Equal(tooLong, Html.InputValue(bad, "Interview.Justification"));

        // A ticked module without a date, and a date in the future.
        var training = await Html.ParseAsync(await SubmitAsync(two, page, "Training",
            [new("Training[0].Done", "true"), new("Training[0].CompletedOn", ""), new("Training[1].Done", "true"), new("Training[1].CompletedOn", "2027-01-01")]));
        Assert.Contains("Skriv datoen hun fullførte kurset.", Html.ErrorMessages(training));
        Assert.Contains("Datoen kan ikke være fram i tid.", Html.ErrorMessages(training));
        Assert.Equal("2027-01-01", Html.InputValue(training, "Training[1].CompletedOn"));
        Assert.Empty((await PlantedVolunteers.LoadAsync(app, id)).Training);
    }

    [Fact]
    public async Task Invitation_FromTheInterviewOn_MakesAVolunteerAccount_ThatSetsUpWithAPasswordOnly()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Konto");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        using var client = await app.LoggedInClientAsync(coordinator);
        var applicant = await PlantedVolunteers.PlantAsync(app, association, "Ny Søker");
        var id = await PlantedVolunteers.PlantAsync(app, association, Name, VolunteerStatus.Interview);
        var page = $"/frivillig/{id}";

        // Not while she has only applied.
        Assert.Null((await client.GetDocumentAsync($"/frivillig/{applicant}")).QuerySelector("form[action*='handler=Invite']"));
        var early = await client.PostFormAsync(page, [new("Version", (await PlantedVolunteers.LoadAsync(app, applicant)).Version.ToString(CultureInfo.InvariantCulture))], $"/frivillig/{applicant}?handler=Invite");
        Assert.Contains(Html.ErrorMessages(await Html.ParseAsync(early)), m => m.StartsWith("Hun kan ikke inviteres nå.", StringComparison.Ordinal));

        AssertRedirectToRecord(await SubmitAsync(client, page, "Invite", []), id);
        var her = await PlantedVolunteers.LoadAsync(app, id);
        Assert.NotNull(her.UserId);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var account = await db.Users.AsNoTracking().SingleAsync(u => u.Id == her.UserId, Ct);
            Assert.Equal((Roles.Volunteer, Name, false), (account.Role, account.DisplayName, account.TwoFactorEnabled));
            Assert.Equal(her.Email, account.Email);
            Assert.Contains(await db.AuditEntries.ToListAsync(Ct), e => e.Action == AuditActions.UserInvited && e.EntityId == account.Id && e.UserId == coordinator.Id);
        }

        var mail = Assert.Single(app.Mail.Messages, m => m.To == her.Email);
        Assert.DoesNotContain("Gunvor", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Hun er invitert", await BodyAsync(client, page), StringComparison.Ordinal);
        Assert.Null((await client.GetDocumentAsync(page)).QuerySelector("form[action*='handler=Invite']"));

        // She chooses a password and is in: no authenticator is required of a volunteer.
        using var browser = app.Client();
        var link = app.Mail.LastLinkTo(her.Email);
        var password = "Et langt passord for ressursvenn 7";
        var accepted = await browser.PostFormAsync(link, [new("Input.Password", password), new("Input.ConfirmPassword", password)]);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/", accepted.Location());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetUrlAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetUrlAsync("/konto")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetUrlAsync("/frivillige")).StatusCode);
        Assert.Contains("Hun har konto og kan logge inn.", await BodyAsync(client, page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovedVolunteers_ShowTheirCertificateRenewalAsATag_AndNothingEndsByItself()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Fornyelse");
        using var client = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var today = new DateOnly(2026, 11, 25);
        // Valid until = shown + 3 years - 1 day; reminders 60 and 30 days before (the default settings).
        var plan = new (string Name, DateOnly ShownOn, string? Tag)[]
        {
            ("Gyldig Attest", today.AddYears(-1), null),
            ("Første Påminnelse", today.AddYears(-3).AddDays(50), "Politiattest må fornyes snart"),
            ("Andre Påminnelse", today.AddYears(-3).AddDays(20), "Politiattest må fornyes nå"),
            ("Utløpt Attest", today.AddYears(-3).AddDays(-1), "Politiattest utløpt"),
        };
        var ids = new List<Guid>();
        foreach (var (name, shownOn, _) in plan)
        {
            var id = await PlantedVolunteers.PlantAsync(app, association, name, VolunteerStatus.Approved, Steps.All);
            await using var scope = app.Services.CreateSystemScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var certificate = await db.PoliceCertificates.SingleAsync(c => c.VolunteerId == id, Ct);
            (certificate.ShownOn, certificate.IssuedOn) = (shownOn, shownOn.AddDays(-14));
            await db.SaveChangesAsync(Ct);
            ids.Add(id);
        }

        var cards = (await client.GetDocumentAsync("/frivillige")).QuerySelectorAll("section[aria-labelledby=step-approved] li.rv-card");
        foreach (var (name, _, tag) in plan)
        {
            var card = cards.Single(c => c.QuerySelector(".rv-card__title")!.TextContent == name);
            Assert.Equal(tag, card.QuerySelector(".rv-tag")?.TextContent.Trim());
        }

        Assert.Equal("danger", cards.Single(c => c.TextContent.Contains("Utløpt Attest", StringComparison.Ordinal)).QuerySelector(".rv-tag")!.GetAttribute("data-color"));
        var record = await client.GetDocumentAsync($"/frivillig/{ids[2]}");
        Assert.Contains("Politiattest må fornyes nå", record.QuerySelector("section[aria-labelledby=certificate-heading]")!.TextContent, StringComparison.Ordinal);

        // Shown only: an expired certificate changes nothing by itself.
        foreach (var id in ids)
        {
            var her = await PlantedVolunteers.LoadAsync(app, id);
            Assert.Equal((VolunteerStatus.Approved, (DateTime?)null), (her.Status, her.EndedAt));
        }
    }

    [Fact]
    public void NoPageModelOrEndpoint_AcceptsAFile()
    {
        // docs/domain.md §4.1: no copy or scan of a police certificate (or anything else) is ever stored, so nothing takes a file.
        var assembly = typeof(Ressursvenn.Web.SharedResource).Assembly;
        var types = assembly.GetTypes();
        Assert.Contains(types, t => t.IsSubclassOf(typeof(Microsoft.AspNetCore.Mvc.RazorPages.PageModel)));
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<string>();
        foreach (var type in types)
        {
            found.AddRange(type.GetProperties(all).Where(p => TakesAFile(p.PropertyType)).Select(p => $"{type.FullName}.{p.Name}"));
            found.AddRange(type.GetFields(all).Where(f => TakesAFile(f.FieldType)).Select(f => $"{type.FullName}.{f.Name}"));
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                found.AddRange(method.GetParameters().Where(p => TakesAFile(p.ParameterType)).Select(p => $"{type.FullName}.{method.Name}({p.Name})"));
            }
        }

        Assert.True(found.Count == 0, "Members that take an uploaded file:\n  " + string.Join("\n  ", found));
    }

    [Fact]
    public async Task NoEndpoint_DeclaresAFileUpload()
    {
        await using var app = await TestApp.CreateAsync();
        var endpoints = app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints;
        Assert.NotEmpty(endpoints);
        var uploads = endpoints
            .Where(e => e.Metadata.OfType<MethodInfo>().Any(m => m.GetParameters().Any(p => TakesAFile(p.ParameterType)))
                        || e.Metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>().Any(a => a.ContentTypes.Any(c => c.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))))
            .Select(e => e.DisplayName)
            .ToList();
        Assert.Empty(uploads);
    }

    private static bool TakesAFile(Type type) =>
        typeof(IFormFile).IsAssignableFrom(type) || typeof(IFormFileCollection).IsAssignableFrom(type)
        || (type != typeof(string) && type.IsGenericType && type.GetGenericArguments().Any(TakesAFile))
        || (type.IsArray && TakesAFile(type.GetElementType()!));

    /// <summary>The steps with fields are pages of their own under her record; the one-click steps are handlers of the record.</summary>
    private static readonly Dictionary<string, string> FormPages = new(StringComparer.Ordinal)
    {
        ["Interview"] = "intervju", ["Certificate"] = "politiattest", ["Training"] = "opplaering", ["Reject"] = "avslag",
        ["Leave"] = "avslutt", ["Capacity"] = "kapasitet", ["Networks"] = "nettverk", ["Address"] = "adresse",
    };

    /// <summary>Where a step's form posts.</summary>
    private static string FormUrl(string page, string step) => FormPages.TryGetValue(step, out var path) ? $"{page}/{path}" : $"{page}?handler={step}";

    /// <summary>The page that shows a step's form, and the form on it.</summary>
    private static (string Url, string Selector) FormOf(string page, string step) =>
        FormPages.TryGetValue(step, out var path) ? ($"{page}/{path}", "main form.rv-form") : (page, $"form[action*='handler={step}']");

    /// <summary>Posts one step's form (its own page, or a button of her record) as a browser without JavaScript would.</summary>
    private static Task<HttpResponseMessage> SubmitAsync(
        HttpClient client, string page, string handler, IEnumerable<KeyValuePair<string, string>> fields, string? selectorHandler = null, string? handlerOverride = null)
    {
        if (handlerOverride is null)
        {
            var (url, selector) = FormOf(page, selectorHandler ?? handler);
            return client.SubmitFormAsync(url, selector, fields);
        }

        // The same hidden fields (token, version), posted to another step: a post the page offers no button for.
        return PostElsewhereAsync(client, page, selectorHandler ?? handler, handlerOverride, fields);
    }

    private static async Task<HttpResponseMessage> PostElsewhereAsync(HttpClient client, string page, string formStep, string step, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var (url, selector) = FormOf(page, formStep);
        var document = await client.GetDocumentAsync(url);
        var form = document.QuerySelector(selector)!;
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty)).ToList();
        values.AddRange(fields);
        return await client.PostRawFormAsync(FormUrl(page, step), values);
    }

    private static void AssertRedirectToRecord(HttpResponseMessage response, Guid id)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {string.Join(" | ", Html.ErrorMessages(Html.ParseAsync(response).GetAwaiter().GetResult()))}");
        Assert.Equal($"/frivillig/{id}", response.Location());
    }

    private static async Task<string> StatusAsync(HttpClient client, string page) =>
        (await client.GetDocumentAsync(page)).QuerySelector(".rv-status-region")?.TextContent ?? string.Empty;

    /// <summary>The page's text as a reader sees it (Razor encodes æ, ø and å in the markup).</summary>
    private static async Task<string> BodyAsync(HttpClient client, string url) =>
        (await Html.ParseAsync(await client.GetUrlAsync(url))).DocumentElement.TextContent;

    private static async Task<List<string>> AuditActionsAsync(TestApp app, Guid id)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.Where(e => e.EntityId == id).Select(e => e.Action).ToListAsync(Ct);
    }

    private static async Task DisableAsync(TestApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId.ToString());
        user!.Disabled = true;
        await users.UpdateAsync(user);
    }
}
