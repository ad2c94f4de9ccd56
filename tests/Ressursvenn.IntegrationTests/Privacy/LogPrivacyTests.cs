using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Privacy;

/// <summary>SR3: recognisable fake names, addresses and link tokens never reach the logs, at any level.</summary>
public sealed class LogPrivacyTests
{
    [Fact]
    public async Task PlantedNamesAddressesAndTokens_NeverAppearInTheLogs()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Loggtest");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var client = await app.LoggedInClientAsync(admin);
        const string plantedName = "Plantet Loggnavn Qzx";
        const string plantedEmail = "plantet.logg.qzx@test.invalid";

        var invited = await client.PostFormAsync("/admin/brukere/inviter",
        [
            new("Input.Name", plantedName), new("Input.Email", plantedEmail),
            new("Input.Role", Roles.Coordinator), new("Input.AssociationIds", association.ToString()),
        ]);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, invited.StatusCode);
        var link = app.Mail.LastLinkTo(plantedEmail);
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];

        // Use the link, fail logins and ask for a reset with the planted address: all paths that touch it.
        await app.Client().GetAsync(new Uri(link, UriKind.Relative), TestContext.Current.CancellationToken);
        var anonymous = app.Client();
        await anonymous.PostFormAsync("/logg-inn", [new("Input.Email", plantedEmail), new("Input.Password", "feil-passord-som-er-langt")]);
        await anonymous.PostFormAsync("/glemt-passord", [new("Input.Email", plantedEmail)]);
        await anonymous.PostFormAsync("/logg-inn", [new("Input.Email", admin.Email), new("Input.Password", "feil-passord-som-er-langt")]);

        var logs = app.Logs.Lines;
        Assert.NotEmpty(logs);
        foreach (var secret in new[] { plantedName, plantedEmail, "Loggnavn", token, admin.Email })
        {
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
