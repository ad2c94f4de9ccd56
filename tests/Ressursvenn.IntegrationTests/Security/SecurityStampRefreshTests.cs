using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>
/// Identity re-checks the security stamp every minute and then rebuilds the principal from the database. The
/// rebuilt principal must keep the server-side session id and the second-factor claim: without them every user
/// was logged out (staff first got 404s) a minute after logging in.
/// </summary>
public sealed class SecurityStampRefreshTests
{
    [Theory]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.NationalAdmin)]
    [InlineData(Roles.Volunteer)]
    public async Task Session_OutlivesTheMinutelySecurityStampCheck(string role)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var user = await app.CreateUserAsync(role);
        using var client = await app.LoggedInClientAsync(user);
        var page = role == Roles.NationalAdmin ? "/admin/foreninger" : "/konto";
        var answers = new List<string>();
        foreach (var step in new[] { 0, 61, 1, 90, 600, 1 })
        {
            app.Clock.Advance(TimeSpan.FromSeconds(step));
            using var response = await client.GetAsync(new Uri(page, UriKind.Relative), ct);
            answers.Add($"+{step}s: {Outcome.Describe(response)}");
        }

        Assert.True(answers.All(a => a.EndsWith(": 200", StringComparison.Ordinal)), string.Join('\n', answers));
    }

    [Fact]
    public async Task ChangedSecurityStamp_IsStillRefusedAtTheNextCheck()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var user = await app.CreateUserAsync(Roles.Volunteer);
        using var client = await app.LoggedInClientAsync(user);
        using (var before = await client.GetAsync(new Uri("/konto", UriKind.Relative), ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.UpdateSecurityStampAsync((await users.FindByIdAsync(user.Id.ToString()))!)).Succeeded);
        }

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        using var after = await client.GetAsync(new Uri("/konto", UriKind.Relative), ct);
        Assert.True(Outcome.IsLoginChallenge(after), $"A cookie with an old security stamp was accepted: {Outcome.Describe(after)}");
    }
}
