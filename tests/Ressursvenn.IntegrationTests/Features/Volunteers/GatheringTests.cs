using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Features.MyPages;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.IntegrationTests.Features.Volunteers;

/// <summary>
/// Supervision and gatherings (docs/domain.md §4.1): a coordinator records gatherings for her association's volunteers
/// (kind, Oslo date and time, a short place, an optional note), changes them with a version check, records who came,
/// and for a training evening marks its module completed for those present. Another association's coordinator gets
/// the 404 of a missing page and never sees them; a volunteer sees her own association's upcoming gatherings only.
/// </summary>
public sealed class GatheringTests
{
    private const string Form = "#gathering-form";
    private const string AttendanceForm = "#attendance-form";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Coordinator_CreatesAndChangesAGathering_BadInputKeepsWhatWasTyped_AndALostUpdateIsRefused()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Samling");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var module = await MyPagesPlanting.ModuleAsync(app, "Grenser i praksis", mandatory: false);
        using var client = await app.LoggedInClientAsync(coordinator);

        var empty = await Html.ParseAsync(await client.GetUrlAsync("/samlinger"));
        Assert.Contains("Ingen samlinger er planlagt.", empty.QuerySelector("#gatherings-upcoming")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(empty.QuerySelector("main a[href='/samling']"));

        // Bad input: every message beside its field, everything typed kept, nothing stored.
        var longPlace = new string('s', 201);
        var bad = await client.SubmitFormAsync("/samling", Form,
            [new("Input.Date", ""), new("Input.Time", "25:99"), new("Input.Place", longPlace), new("Input.Note", "Ta med kaffekopp.")]);
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var badPage = await Html.ParseAsync(bad);
        var errors = Html.ErrorMessages(badPage).ToList();
        Assert.Contains("Velg hva slags samling det er.", errors);
        Assert.Contains("Skriv inn datoen for samlingen.", errors);
        Assert.Contains("Skriv klokkeslettet som tt:mm, for eksempel 18:00.", errors);
        Assert.Contains("Skriv høyst 200 tegn.", errors);
        Assert.NotNull(badPage.QuerySelector("#Input_Time-error"));
        Assert.Equal("25:99", Html.InputValue(badPage, "Input.Time"));
        Assert.Equal(longPlace, Html.InputValue(badPage, "Input.Place"));
        Assert.Equal("Ta med kaffekopp.", Html.InputValue(badPage, "Input.Note"));
        Assert.Empty(await GatheringsAsync(app));

        // A module belongs to a training evening only.
        var wrongKind = await Html.ParseAsync(await client.SubmitFormAsync("/samling", Form,
        [
            new("Input.Kind", "Supervision"), new("Input.Date", "2026-12-03"), new("Input.Time", "18:30"), new("Input.Place", "Foreningens lokaler"),
            new("Input.ModuleId", module.Id.ToString()),
        ]));
        Assert.Contains("Et kurs kan bare knyttes til en opplæringskveld. Velg «Opplæringskveld», eller velg «Ikke knyttet til et kurs».", Html.ErrorMessages(wrongKind));
        Assert.True(((IHtmlInputElement)wrongKind.QuerySelector("input[name='Input.Kind'][value='Supervision']")!).IsChecked);
        Assert.Empty(await GatheringsAsync(app));

        var created = await client.SubmitFormAsync("/samling", Form,
        [
            new("Input.Kind", "ExperienceExchange"), new("Input.Date", "2026-12-03"), new("Input.Time", "18.30"), new("Input.Place", " Foreningens lokaler "),
            new("Input.Note", "Ta med kaffekopp."), new("Input.ModuleId", ""),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var gathering = Assert.Single(await GatheringsAsync(app));
        Assert.Equal($"/samling/{gathering.Id}", created.Location());
        Assert.Equal((association, GatheringKind.ExperienceExchange, "Foreningens lokaler", "Ta med kaffekopp.", (Guid?)null),
            (gathering.AssociationId, gathering.Kind, gathering.Place, gathering.Note, gathering.TrainingModuleId));
        // 18:30 in Oslo in December is 17:30 UTC.
        Assert.Equal(new DateTime(2026, 12, 3, 17, 30, 0, DateTimeKind.Utc), gathering.StartsAt);
        Assert.Equal("Created", Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.GatheringChanged, gathering.Id)).Detail);

        var page = $"/samling/{gathering.Id}";
        var shown = await Html.ParseAsync(await client.GetUrlAsync(page));
        Assert.Equal("Samlingen er lagret.", shown.QuerySelector(".rv-status")?.TextContent.Trim());
        Assert.Equal("2026-12-03", Html.InputValue(shown, "Input.Date"));
        Assert.Equal("18:30", Html.InputValue(shown, "Input.Time"));
        Assert.Contains("03.12.2026 18:30, Foreningens lokaler", shown.QuerySelector("#gathering-when")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Du kan registrere hvem som kom når samlingen har begynt.", shown.QuerySelector("#attendance")!.TextContent, StringComparison.Ordinal);
        Assert.Null(shown.QuerySelector(AttendanceForm));
        var list = await Html.ParseAsync(await client.GetUrlAsync("/samlinger"));
        Assert.Contains("Erfaringssamling", list.QuerySelector("#gatherings-upcoming")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(list.QuerySelector($"#gatherings-upcoming a[href='{page}']"));

        // A change, then a change from a page opened before it: refused, what was typed kept.
        var stale = await client.GetDocumentAsync(page);
        var changed = await client.SubmitFormAsync(page, Form,
        [
            new("Input.Kind", "TrainingSession"), new("Input.Date", "2026-12-03"), new("Input.Time", "19:00"), new("Input.Place", "Biblioteket"),
            new("Input.Note", ""), new("Input.ModuleId", module.Id.ToString()),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var after = Assert.Single(await GatheringsAsync(app));
        Assert.Equal((GatheringKind.TrainingSession, "Biblioteket", (string?)null, (Guid?)module.Id, new DateTime(2026, 12, 3, 18, 0, 0, DateTimeKind.Utc), gathering.Version + 1),
            (after.Kind, after.Place, after.Note, after.TrainingModuleId, after.StartsAt, after.Version));
        Assert.Equal(new[] { "Created", "Changed" }, (await PlantedRecords.AuditAsync(app, AuditActions.GatheringChanged, gathering.Id)).Select(e => e.Detail));

        var lost = await client.PostFormAsync(page,
        [
            new("Version", ((IHtmlInputElement)stale.QuerySelector($"{Form} input[name=Version]")!).Value),
            new("Input.Kind", "Supervision"), new("Input.Date", "2026-12-04"), new("Input.Time", "17:00"), new("Input.Place", "Et annet sted"),
        ]);
        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
        var lostPage = await Html.ParseAsync(lost);
        Assert.Contains(Html.ErrorMessages(lostPage), m => m.StartsWith("Noen andre har endret dette", StringComparison.Ordinal));
        Assert.Equal("Et annet sted", Html.InputValue(lostPage, "Input.Place"));
        Assert.Equal("Biblioteket", Assert.Single(await GatheringsAsync(app)).Place);
    }

    [Fact]
    public async Task Attendance_IsRecordedForHerAssociationsVolunteers_AndATrainingEveningOffersToMarkItsModuleCompleted()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Oppmote");
        var (other, _) = await app.CreateOrganisationAsync("Annenby");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var module = await MyPagesPlanting.ModuleAsync(app, "Grenser i praksis", mandatory: false);
        var earlier = new DateOnly(2026, 10, 1);
        var ada = await PlantedVolunteers.PlantAsync(app, association, "Ada Oppmøtesen", VolunteerStatus.Approved);
        var bea = await MyPagesPlanting.PlantAsync(app, association, "Bea Kursdottir", VolunteerStatus.Approved,
            v => v.Training.Add(new TrainingCompletion { VolunteerId = v.Id, ModuleId = module.Id, CompletedOn = earlier }));
        var cia = await PlantedVolunteers.PlantAsync(app, association, "Cia Pausesen", VolunteerStatus.Paused);
        await PlantedVolunteers.PlantAsync(app, association, "Dina Søkersen", VolunteerStatus.Training);
        await MyPagesPlanting.PlantAsync(app, association, "Eva Sluttetsen", VolunteerStatus.Left);
        var fia = await PlantedVolunteers.PlantAsync(app, other, "Fia Annensted", VolunteerStatus.Approved);
        using var client = await app.LoggedInClientAsync(coordinator);

        // Yesterday's training evening, recorded afterwards.
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync("/samling", Form,
        [
            new("Input.Kind", "TrainingSession"), new("Input.Date", "2026-11-24"), new("Input.Time", "18:00"), new("Input.Place", "Foreningens lokaler"),
            new("Input.ModuleId", module.Id.ToString()),
        ])).StatusCode);
        var gathering = Assert.Single(await GatheringsAsync(app));
        var page = $"/samling/{gathering.Id}";

        var form = await Html.ParseAsync(await client.GetUrlAsync(page));
        var offered = form.QuerySelectorAll($"{AttendanceForm} input[name='Attendance.Present']").Select(i => ((IHtmlInputElement)i).Value).ToHashSet();
        Assert.Equal(new HashSet<string> { ada.ToString(), bea.Id.ToString(), cia.ToString() }, offered);
        var labels = form.QuerySelector(AttendanceForm)!.TextContent;
        Assert.Contains("Bea Kursdottir (har fullført Grenser i praksis)", labels, StringComparison.Ordinal);
        Assert.DoesNotContain("Dina", labels, StringComparison.Ordinal);
        Assert.DoesNotContain("Eva", labels, StringComparison.Ordinal);
        Assert.NotNull(form.QuerySelector($"{AttendanceForm} input[name='Attendance.MarkModule']"));
        Assert.Null(form.QuerySelector("#attendance-module-offer"));

        // Someone of another association cannot be marked present: refused with a message, nothing stored, ticks kept.
        var refused = await client.SubmitFormAsync(page, AttendanceForm, [new("Attendance.Present", ada.ToString()), new("Attendance.Present", fia.ToString())]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = await Html.ParseAsync(refused);
        Assert.Contains("Velg et av alternativene i listen.", Html.ErrorMessages(refusedPage));
        Assert.True(((IHtmlInputElement)refusedPage.QuerySelector($"input[name='Attendance.Present'][value='{ada}']")!).IsChecked);
        Assert.Empty(await AttendanceAsync(app, gathering.Id));

        var saved = await client.SubmitFormAsync(page, AttendanceForm,
            [new("Attendance.Present", ada.ToString()), new("Attendance.Present", bea.Id.ToString()), new("Attendance.MarkModule", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(page, saved.Location());
        Assert.Equal(new HashSet<Guid> { ada, bea.Id }, (await AttendanceAsync(app, gathering.Id)).ToHashSet());
        Assert.Equal("2", Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.AttendanceRecorded, gathering.Id)).Detail);
        // Ada gets the module, dated the evening; Bea keeps the completion she had; Cia was not there.
        var adaDone = Assert.Single((await PlantedVolunteers.LoadAsync(app, ada)).Training);
        Assert.Equal((module.Id, new DateOnly(2026, 11, 24), (Guid?)coordinator.Id), (adaDone.ModuleId, adaDone.CompletedOn, adaDone.RecordedByUserId));
        Assert.Equal(earlier, Assert.Single((await PlantedVolunteers.LoadAsync(app, bea.Id)).Training).CompletedOn);
        Assert.Empty((await PlantedVolunteers.LoadAsync(app, cia)).Training);
        Assert.Single(await PlantedRecords.AuditAsync(app, AuditActions.VolunteerTrainingRecorded, ada));
        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.VolunteerTrainingRecorded, bea.Id));

        var shown = await Html.ParseAsync(await client.GetUrlAsync(page));
        Assert.Equal("Oppmøtet er lagret, og kurset er registrert som fullført for 1.", shown.QuerySelector(".rv-status")?.TextContent.Trim());
        Assert.Contains("Registrert til stede: 2.", shown.QuerySelector("#attendance")!.TextContent, StringComparison.Ordinal);
        // Recording who came is the main task now; changing the gathering is folded away.
        Assert.False(shown.QuerySelector("#gathering-details")!.HasAttribute("open"));
        Assert.True(((IHtmlInputElement)shown.QuerySelector($"input[name='Attendance.Present'][value='{bea.Id}']")!).IsChecked);
        Assert.False(((IHtmlInputElement)shown.QuerySelector($"input[name='Attendance.Present'][value='{cia}']")!).IsChecked);
        var listed = await Html.ParseAsync(await client.GetUrlAsync("/samlinger"));
        Assert.Contains("2 til stede", listed.QuerySelector("#gatherings-past")!.TextContent, StringComparison.Ordinal);

        // Correcting the list: Bea was not there after all (her module stays; attendance never removes training).
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(page, AttendanceForm, [new("Attendance.Present", ada.ToString())])).StatusCode);
        Assert.Equal(new[] { ada }, await AttendanceAsync(app, gathering.Id));
        // Cia comes after all, and the module is not marked this time: the page offers it for her.
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(page, AttendanceForm,
            [new("Attendance.Present", ada.ToString()), new("Attendance.Present", cia.ToString())])).StatusCode);
        Assert.Empty((await PlantedVolunteers.LoadAsync(app, cia)).Training);
        Assert.Equal("1 av dem som var til stede, har ikke fullført «Grenser i praksis» ennå.",
            (await client.GetDocumentAsync(page)).QuerySelector("#attendance-module-offer")?.TextContent.Trim());
        Assert.Single((await PlantedVolunteers.LoadAsync(app, bea.Id)).Training);

        // A gathering that has not started takes no attendance.
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync("/samling", Form,
            [new("Input.Kind", "Supervision"), new("Input.Date", "2026-12-10"), new("Input.Time", "18:00"), new("Input.Place", "Kafeen")])).StatusCode);
        var future = (await GatheringsAsync(app)).Single(g => g.Kind == GatheringKind.Supervision);
        var futurePage = $"/samling/{future.Id}";
        Assert.Null((await client.GetDocumentAsync(futurePage)).QuerySelector(AttendanceForm));
        var early = await client.PostFormAsync(futurePage, [new("Version", "1"), new("Attendance.Present", ada.ToString())], $"{futurePage}?handler=Attendance");
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Contains("Samlingen har ikke begynt ennå. Registrer oppmøtet når den har begynt.", Html.ErrorMessages(await Html.ParseAsync(early)));
        Assert.Empty(await AttendanceAsync(app, future.Id));
    }

    [Fact]
    public async Task AnotherAssociationsCoordinator_GetsTheMissingPage_AndNeverSeesTheGathering()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Egen");
        var (other, _) = await app.CreateOrganisationAsync("Fremmed");
        var coordinatorB = await app.CreateUserAsync(Roles.Coordinator, [other]);
        var id = await PlantGatheringAsync(app, association, "Hemmelig samlingssted-9q", DateTime.SpecifyKind(new DateTime(2026, 12, 1, 17, 0, 0), DateTimeKind.Utc));
        var past = await PlantGatheringAsync(app, association, "Tidligere samlingssted-9q", DateTime.SpecifyKind(new DateTime(2026, 11, 1, 17, 0, 0), DateTimeKind.Utc));
        using var client = await app.LoggedInClientAsync(coordinatorB);

        foreach (var gathering in new[] { id, past })
        {
            var page = $"/samling/{gathering}";
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync(page)).StatusCode);
            // Posts with a valid token (from her own new-gathering page) find nothing either, and change nothing.
            var edit = await client.PostFormAsync("/samling",
                [new("Version", "1"), new("Input.Kind", "Supervision"), new("Input.Date", "2026-12-02"), new("Input.Time", "18:00"), new("Input.Place", "Overtatt")], page);
            Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
            var attendance = await client.PostFormAsync("/samling", [new("Version", "1")], $"{page}?handler=Attendance");
            Assert.Equal(HttpStatusCode.NotFound, attendance.StatusCode);
        }

        var list = await client.GetStringAsync(new Uri("/samlinger", UriKind.Relative), Ct);
        Assert.DoesNotContain("samlingssted-9q", list, StringComparison.Ordinal);
        Assert.DoesNotContain(id.ToString(), list, StringComparison.Ordinal);
        Assert.All(await GatheringsAsync(app), g => Assert.NotEqual("Overtatt", g.Place));
        Assert.Empty(await PlantedRecords.AuditAsync(app, AuditActions.GatheringChanged, id));
    }

    [Fact]
    public async Task Volunteer_SeesHerOwnAssociationsUpcomingGatherings_AndNotAnotherAssociations()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Hjemby");
        var (other, _) = await app.CreateOrganisationAsync("Naboby");
        var her = await MyPagesPlanting.PlantAsync(app, association, "Vera Venninnesen", VolunteerStatus.Approved);
        var applicant = await MyPagesPlanting.PlantAsync(app, association, "Siri Søkersen", VolunteerStatus.Training);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await PlantGatheringAsync(app, association, "Biblioteket i Hjemby", now.AddDays(3), GatheringKind.ExperienceExchange, "Vi spiser sammen.");
        await PlantGatheringAsync(app, association, "Gamle lokaler", now.AddDays(-3));
        await PlantGatheringAsync(app, other, "Naboby kafe", now.AddDays(2));

        using (var client = await app.LoggedInClientAsync(her.User))
        {
            var page = await Html.ParseAsync(await client.GetUrlAsync("/min-side"));
            var section = page.QuerySelector("#my-gatherings")!.TextContent;
            Assert.Contains("Erfaringssamling", section, StringComparison.Ordinal);
            Assert.Contains("28.11.2026 10:00, Biblioteket i Hjemby", section, StringComparison.Ordinal);
            Assert.Contains("Vi spiser sammen.", section, StringComparison.Ordinal);
            Assert.DoesNotContain("Gamle lokaler", section, StringComparison.Ordinal);
            Assert.DoesNotContain("Naboby", page.Body!.TextContent, StringComparison.Ordinal);
            // The coordinators' pages stay closed to her.
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync("/samlinger")).StatusCode);
        }

        // Her data scope holds the same rule at the query: her association's gatherings only, and none for an applicant.
        Assert.Equal(new[] { "Biblioteket i Hjemby", "Gamle lokaler" }, (await PlacesSeenByAsync(app, her.User.Id)).Order(StringComparer.Ordinal));
        Assert.Empty(await PlacesSeenByAsync(app, applicant.User.Id));
        using (var client = await app.LoggedInClientAsync(applicant.User))
        {
            var page = await Html.ParseAsync(await client.GetUrlAsync("/min-side"));
            Assert.Null(page.QuerySelector("#my-gatherings"));
            Assert.DoesNotContain("Biblioteket i Hjemby", page.Body!.TextContent, StringComparison.Ordinal);
        }
    }

    private static async Task<Guid> PlantGatheringAsync(
        TestApp app, Guid association, string place, DateTime startsAt, GatheringKind kind = GatheringKind.Supervision, string? note = null)
    {
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var gathering = new Gathering { AssociationId = association, Kind = kind, StartsAt = startsAt, Place = place, Note = note };
        db.Gatherings.Add(gathering);
        await db.SaveChangesAsync(Ct);
        return gathering.Id;
    }

    private static async Task<List<Gathering>> GatheringsAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Gatherings.AsNoTracking().OrderBy(g => g.CreatedAt).ToListAsync(Ct);
    }

    private static async Task<List<Guid>> AttendanceAsync(TestApp app, Guid gathering)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().GatheringAttendances.AsNoTracking()
            .Where(a => a.GatheringId == gathering).Select(a => a.VolunteerId).ToListAsync(Ct);
    }

    /// <summary>The places of the gatherings a volunteer's own data scope lets the database return.</summary>
    private static async Task<List<string>> PlacesSeenByAsync(TestApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().UseVolunteer(userId);
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Gatherings.AsNoTracking().Select(g => g.Place).ToListAsync(Ct);
    }
}
