using System.Net;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests;

public sealed class SmokeTests
{
    [Fact]
    public async Task NationalAdmin_LogsInWithPasswordAndCode_AndSeesTheAssociations()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var client = await app.LoggedInClientAsync(admin);
        var response = await client.GetAsync(new Uri("/admin/foreninger", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
