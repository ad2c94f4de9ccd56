using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Features.Admin;

/// <summary>
/// The national training catalogue: seeded once with the six mandatory modules of docs/domain.md §4.1, kept by
/// the national admin (add, rename, mandatory or optional, out of use; never deleted once someone completed it),
/// with optimistic concurrency and an audit entry per change; nobody else may open it.
/// </summary>
public sealed class TrainingCatalogueTests
{
    private const string ListUrl = "/admin/opplaering";
    private const string NewUrl = "/admin/opplaering/modul";
    private const string Form = "main form.rv-form";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheCatalogue_IsSeededOnceWithTheSixMandatoryModules()
    {
        await using var app = await TestApp.CreateAsync();
        var modules = await ModulesAsync(app);
        Assert.Equal(StartupTasks.DefaultTrainingModules.Order(StringComparer.Ordinal), modules.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.All(modules, m => Assert.True(m.Mandatory && m.Active));

        // Idempotent: a restart (or a catalogue the admin changed) is left alone.
        await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true, Ct);
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.TrainingModules.Remove(await db.TrainingModules.FirstAsync(Ct));
            await db.SaveChangesAsync(Ct);
            await StartupTasks.EnsureTrainingCatalogueAsync(db, Ct);
        }

        Assert.Equal(5, (await ModulesAsync(app)).Count);
    }

    [Fact]
    public async Task Admin_AddsRenamesMarksAndDeactivatesModules_AndEveryChangeIsAudited()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);

        var list = await Html.ParseAsync(await client.GetUrlAsync(ListUrl));
        Assert.Equal(6, list.QuerySelectorAll("tbody tr").Length);
        Assert.NotNull((await client.GetDocumentAsync("/admin/innstillinger")).QuerySelector($"a[href='{ListUrl}']"));

        // Add an optional module.
        var added = await client.SubmitFormAsync(NewUrl, Form, [new("Input.Name", "Førstehjelp"), new("Input.Mandatory", "false"), new("Input.Active", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(ListUrl, added.Location());
        var module = (await ModulesAsync(app)).Single(m => m.Name == "Førstehjelp");
        Assert.False(module.Mandatory);
        Assert.True(module.Active);

        // Rename and make mandatory, then take out of use.
        var editUrl = $"{NewUrl}/{module.Id}";
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(editUrl, Form,
            [new("Input.Name", "Førstehjelp og trygghet"), new("Input.Mandatory", "true"), new("Input.Active", "true")])).StatusCode);
        var renamed = await ModuleAsync(app, module.Id);
        Assert.Equal(("Førstehjelp og trygghet", true, true), (renamed.Name, renamed.Mandatory, renamed.Active));
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(editUrl, Form,
            [new("Input.Name", "Førstehjelp og trygghet"), new("Input.Mandatory", "true"), new("Input.Active", "false")])).StatusCode);
        Assert.False((await ModuleAsync(app, module.Id)).Active);
        var listed = (await client.GetDocumentAsync(ListUrl)).QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Førstehjelp og trygghet", StringComparison.Ordinal));
        Assert.Contains("Ikke i bruk", listed.TextContent, StringComparison.Ordinal);

        await using var scope = app.Services.CreateSystemScope();
        var entries = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries
            .Where(e => e.Action == AuditActions.TrainingModuleChanged && e.EntityId == module.Id).OrderBy(e => e.Sequence).ToListAsync(Ct);
        Assert.Equal(new string?[] { "created", "renamed,mandatory", "deactivated" }, entries.Select(e => e.Detail));
        Assert.All(entries, e => Assert.Equal(admin.Id, e.UserId));
    }

    [Fact]
    public async Task BadInput_AndAClashingName_AreRefused_KeepingWhatWasTyped_AndALostUpdateToo()
    {
        await using var app = await TestApp.CreateAsync();
        using var one = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.NationalAdmin));
        using var two = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.NationalAdmin));

        var empty = await Html.ParseAsync(await one.SubmitFormAsync(NewUrl, Form, [new("Input.Name", "  "), new("Input.Mandatory", "true"), new("Input.Active", "true")]));
        Assert.Contains("Skriv navnet på kurset.", Html.ErrorMessages(empty));
        var taken = await Html.ParseAsync(await one.SubmitFormAsync(NewUrl, Form, [new("Input.Name", "Taushetsplikt"), new("Input.Mandatory", "false"), new("Input.Active", "true")]));
        Assert.Contains("Det finnes allerede et kurs med dette navnet.", Html.ErrorMessages(taken));
        Assert.Equal("Taushetsplikt", Html.InputValue(taken, "Input.Name"));
        var tooLong = new string('k', 201);
        var longName = await Html.ParseAsync(await one.SubmitFormAsync(NewUrl, Form, [new("Input.Name", tooLong), new("Input.Mandatory", "true"), new("Input.Active", "true")]));
        Assert.Contains("Navnet kan ha høyst 200 tegn.", Html.ErrorMessages(longName));
        Assert.Equal(6, (await ModulesAsync(app)).Count);

        var module = (await ModulesAsync(app)).Single(m => m.Name == "Taushetsplikt");
        var stale = module.Version.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Redirect, (await one.SubmitFormAsync($"{NewUrl}/{module.Id}", Form,
            [new("Input.Name", "Taushetsplikt og personvern"), new("Input.Mandatory", "true"), new("Input.Active", "true")])).StatusCode);
        var lost = await two.PostFormAsync($"{NewUrl}/{module.Id}",
            [new("Input.Name", "Taushet"), new("Input.Mandatory", "false"), new("Input.Active", "true"), new("Input.Version", stale)]);
        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
        var page = await Html.ParseAsync(lost);
        Assert.Contains(Html.ErrorMessages(page), m => m.StartsWith("Noen andre har endret dette", StringComparison.Ordinal));
        Assert.Equal("Taushet", Html.InputValue(page, "Input.Name"));
        Assert.Equal("Taushetsplikt og personvern", (await ModuleAsync(app, module.Id)).Name);
    }

    [Fact]
    public async Task AModuleSomeoneCompleted_IsNeverDeleted_AnUnusedOneMayBe()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Kurs");
        using var client = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.NationalAdmin));
        await PlantedVolunteers.PlantAsync(app, association, "Fullført Kurs", VolunteerStatus.Training, Steps.Training);
        var used = (await ModulesAsync(app)).First();

        var usedPage = await client.GetDocumentAsync($"{NewUrl}/{used.Id}");
        Assert.Null(usedPage.QuerySelector("form[action*='handler=Delete']"));
        Assert.Contains("1 person har fullført kurset", usedPage.QuerySelector("#main")!.TextContent, StringComparison.Ordinal);
        var refused = await client.PostFormAsync($"{NewUrl}/{used.Id}", [new("Input.Version", used.Version.ToString(CultureInfo.InvariantCulture))], $"{NewUrl}/{used.Id}?handler=Delete");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(Html.ErrorMessages(await Html.ParseAsync(refused)), m => m.StartsWith("Noen har fullført kurset", StringComparison.Ordinal));
        Assert.NotNull(await FindAsync(app, used.Id));

        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(NewUrl, Form, [new("Input.Name", "Ubrukt kurs"), new("Input.Mandatory", "false"), new("Input.Active", "true")])).StatusCode);
        var unused = (await ModulesAsync(app)).Single(m => m.Name == "Ubrukt kurs");
        var deleted = await client.SubmitFormAsync($"{NewUrl}/{unused.Id}", "form[action*='handler=Delete']", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Null(await FindAsync(app, unused.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync($"{NewUrl}/{unused.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync($"{NewUrl}/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task ANewMandatoryModule_LeavesApprovedVolunteersApproved_ButShowsTheCoordinatorWhatIsNew()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Nytt");
        using var admin = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.NationalAdmin));
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var id = await PlantedVolunteers.PlantAsync(app, association, "Godkjent Før", VolunteerStatus.Approved, Steps.All);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitFormAsync(NewUrl, Form, [new("Input.Name", "Digital sikkerhet"), new("Input.Mandatory", "true"), new("Input.Active", "true")])).StatusCode);
        Assert.Equal(VolunteerStatus.Approved, (await PlantedVolunteers.LoadAsync(app, id)).Status);
        var record = await coordinator.GetDocumentAsync($"/frivillig/{id}");
        Assert.Contains("Nye obligatoriske kurs siden hun ble godkjent: Digital sikkerhet", record.QuerySelector("section[aria-labelledby=training-heading]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 nytt obligatorisk kurs", (await coordinator.GetDocumentAsync("/frivillige")).QuerySelector("section[aria-labelledby=step-approved]")!.TextContent, StringComparison.Ordinal);

        // A module out of use is not offered on the training form.
        var module = (await ModulesAsync(app)).Single(m => m.Name == "Digital sikkerhet");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitFormAsync($"{NewUrl}/{module.Id}", Form,
            [new("Input.Name", "Digital sikkerhet"), new("Input.Mandatory", "true"), new("Input.Active", "false")])).StatusCode);
        var form = (await coordinator.GetDocumentAsync($"/frivillig/{id}/opplaering")).QuerySelector("main form.rv-form")!;
        Assert.DoesNotContain("Digital sikkerhet", form.TextContent, StringComparison.Ordinal);
        Assert.Equal(6, form.QuerySelectorAll("input[type=hidden][name$='.ModuleId']").Length);
    }

    [Theory]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.CrisisCentreStaff)]
    [InlineData(Roles.Volunteer)]
    [InlineData(Roles.PrivacyOfficer)]
    public async Task TheCatalogue_IsNotFoundForAnyoneButANationalAdmin(string role)
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Utenfor");
        var user = role switch
        {
            Roles.Coordinator => await app.CreateUserAsync(role, [association]),
            Roles.CrisisCentreStaff => await app.CreateUserAsync(role, crisisCentre: centre),
            _ => await app.CreateUserAsync(role),
        };
        using var client = await app.LoggedInClientAsync(user);
        var module = (await ModulesAsync(app)).First();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync(ListUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync(NewUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetUrlAsync($"{NewUrl}/{module.Id}")).StatusCode);
        var post = await client.PostFormAsync("/konto", [new("Input.Name", "Innbrudd"), new("Input.Mandatory", "false"), new("Input.Active", "true"), new("Input.Version", "1")], NewUrl);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var delete = await client.PostFormAsync("/konto", [new("Input.Version", module.Version.ToString(CultureInfo.InvariantCulture))], $"{NewUrl}/{module.Id}?handler=Delete");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(6, (await ModulesAsync(app)).Count);
        Assert.DoesNotContain(await ModulesAsync(app), m => m.Name == "Innbrudd");
    }

    private static async Task<List<TrainingModule>> ModulesAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().TrainingModules.AsNoTracking().ToListAsync(Ct);
    }

    private static async Task<TrainingModule> ModuleAsync(TestApp app, Guid id) => await FindAsync(app, id) ?? throw new InvalidOperationException("No such module.");

    private static async Task<TrainingModule?> FindAsync(TestApp app, Guid id)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().TrainingModules.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, Ct);
    }
}
