using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;

namespace Ressursvenn.IntegrationTests.Features.Admin;

/// <summary>
/// A national admin cannot get around break-glass by giving someone access to an association: every new access to
/// its women (another association added to a coordinator, a coordinator invited into it, a role changed to its
/// coordinator, a disabled coordinator enabled) is its own audit entry, the association's other coordinators get a
/// neutral e-mail and see it on their home page, and the privacy officer sees it on hers and in the audit trail.
/// </summary>
public sealed class AssociationAccessGrantTests
{
    [Fact]
    public async Task GrantingACoordinatorAnotherAssociation_TellsItsCoordinators_AndThePrivacyOfficer()
    {
        await using var app = await TestApp.CreateAsync();
        var (opened, _) = await app.CreateOrganisationAsync("Åpnet");
        var (own, _) = await app.CreateOrganisationAsync("Egen", "4601", "46");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin, name: "Admin Tilgang-K4");
        var openedCoordinators = new[]
        {
            await app.CreateUserAsync(Roles.Coordinator, [opened]),
            await app.CreateUserAsync(Roles.Coordinator, [opened, own]),
        };
        var ownOnly = await app.CreateUserAsync(Roles.Coordinator, [own]);
        var grantee = await app.CreateUserAsync(Roles.Coordinator, [own], name: "Koordinator Ny-Z9");
        var privacyOfficer = await app.CreateUserAsync(Roles.PrivacyOfficer);
        using var adminClient = await app.LoggedInClientAsync(admin);
        app.Mail.Clear();

        var saved = await adminClient.SubmitFormAsync($"/admin/bruker/{grantee.Id}", "main form.rv-form",
        [
            new("Input.Name", "Koordinator Ny-Z9"), new("Input.Role", Roles.Coordinator),
            new("Input.AssociationIds", own.ToString()), new("Input.AssociationIds", opened.ToString()),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // One grant, of the association she did not have, by the admin, naming her.
        var grant = Assert.Single(await GrantsAsync(app));
        Assert.Equal((admin.Id, nameof(LocalAssociation), (Guid?)opened), (grant.UserId, grant.EntityType, grant.EntityId));
        Assert.Equal($"Added:{grantee.Id:N}", grant.Detail);

        // The opened association's coordinators get one neutral e-mail each; nobody else does, not even her.
        foreach (var coordinator in openedCoordinators)
        {
            var mail = Assert.Single(app.Mail.Messages, m => m.To == coordinator.Email);
            foreach (var secret in new[] { "Koordinator Ny-Z9", "Admin Tilgang-K4", "Åpnet sanitetsforening" })
            {
                Assert.DoesNotContain(secret, mail.Subject + mail.TextBody + mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
            }

            Assert.Contains("nasjonal administrator", mail.TextBody, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(openedCoordinators.Length, app.Mail.Messages.Count);

        // Their home page names who was given access, by whom and where; the other association's does not, nor hers.
        const string Told = "Admin Tilgang-K4 ga Koordinator Ny-Z9 tilgang til Åpnet sanitetsforening";
        foreach (var coordinator in openedCoordinators)
        {
            Assert.Contains(Told, await HomeNoticesAsync(app, coordinator), StringComparison.Ordinal);
        }

        Assert.Equal(string.Empty, await HomeNoticesAsync(app, ownOnly));
        Assert.Equal(string.Empty, await HomeNoticesAsync(app, grantee));

        // The privacy officer sees it on her home page, with a link to the association's entries in the audit trail.
        using var officer = await app.LoggedInClientAsync(privacyOfficer);
        var home = await Html.ParseAsync(await officer.GetUrlAsync("/"));
        var notices = home.QuerySelector("#access-grant-notices")!;
        Assert.Contains(Told, notices.TextContent, StringComparison.Ordinal);
        var auditLink = notices.QuerySelector("a")!.GetAttribute("href")!;
        Assert.Equal($"/revisjon?post={opened}", auditLink);
        var trail = await Html.ParseAsync(await officer.GetUrlAsync(auditLink));
        Assert.Contains(trail.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains("Tilgang til en forening gitt", StringComparison.Ordinal));

        // Saving her again without a change grants nothing new.
        app.Mail.Clear();
        await adminClient.SubmitFormAsync($"/admin/bruker/{grantee.Id}", "main form.rv-form",
        [
            new("Input.Name", "Koordinator Ny-Z9"), new("Input.Role", Roles.Coordinator),
            new("Input.AssociationIds", own.ToString()), new("Input.AssociationIds", opened.ToString()),
        ]);
        Assert.Single(await GrantsAsync(app));
        Assert.Empty(app.Mail.Messages);

        // After 30 days the home page no longer lists it; the audit trail keeps it.
        app.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(string.Empty, await HomeNoticesAsync(app, openedCoordinators[0]));
        Assert.Single(await GrantsAsync(app));
    }

    [Fact]
    public async Task InvitingACoordinator_ChangingARole_AndEnablingACoordinator_AreGrantsToo()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Invitert");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var staff = await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centre);
        using var client = await app.LoggedInClientAsync(admin);
        app.Mail.Clear();

        // An invitation: the coordinator is told, and the invitee gets only her invitation.
        var invited = await client.PostFormAsync("/admin/brukere/inviter",
            [new("Input.Name", "Ny Koordinator"), new("Input.Email", "ny-koordinator@test.invalid"), new("Input.Role", Roles.Coordinator), new("Input.AssociationIds", association.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var invitation = Assert.Single(await GrantsAsync(app));
        Assert.StartsWith("Invited:", invitation.Detail, StringComparison.Ordinal);
        Assert.Single(app.Mail.Messages, m => m.To == coordinator.Email);
        Assert.Single(app.Mail.Messages, m => m.To == "ny-koordinator@test.invalid");

        // Crisis-centre staff made coordinator of the association.
        app.Mail.Clear();
        await client.SubmitFormAsync($"/admin/bruker/{staff.Id}", "main form.rv-form",
            [new("Input.Name", "Tidligere Krisesenter"), new("Input.Role", Roles.Coordinator), new("Input.AssociationIds", association.ToString())]);
        Assert.Contains(await GrantsAsync(app), g => g.Detail == $"Added:{staff.Id:N}");
        Assert.Single(app.Mail.Messages, m => m.To == coordinator.Email);

        // Disabling her opens nothing; enabling her again is a grant (told to the first coordinator).
        var stamp = await client.SubmitFormAsync($"/admin/bruker/{staff.Id}", "main form[action*='Disable']", []);
        Assert.Equal(HttpStatusCode.Redirect, stamp.StatusCode);
        app.Mail.Clear();
        var enabled = await client.SubmitFormAsync($"/admin/bruker/{staff.Id}", "main form[action*='Enable']", []);
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.Contains(await GrantsAsync(app), g => g.Detail == $"Enabled:{staff.Id:N}");
        Assert.Single(app.Mail.Messages, m => m.To == coordinator.Email);
        Assert.Equal(3, (await GrantsAsync(app)).Count);
    }

    private static async Task<List<AuditEntry>> GrantsAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.AssociationAccessGranted).OrderBy(e => e.Sequence).ToListAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<string> HomeNoticesAsync(TestApp app, TestUser user)
    {
        using var client = await app.LoggedInClientAsync(user);
        var home = await Html.ParseAsync(await client.GetUrlAsync("/"));
        return home.QuerySelector("#access-grant-notices")?.TextContent ?? string.Empty;
    }
}
