using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>SR9, SR10, SR14: logging in, lockout, one answer for every failure, single-use codes, rate limits.</summary>
public sealed class LoginTests
{
    private const string WrongPassword = "Feil-passord-som-er-langt-nok-1";

    [Fact]
    public async Task Login_PostedWithoutAntiforgeryToken_IsRefusedAndSignsNobodyIn()
    {
        await using var app = await TestApp.CreateAsync();
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        using var client = app.Client();
        await client.GetUrlAsync("/logg-inn"); // the browser has the antiforgery cookie, the post lacks the token

        var response = await client.PostRawFormAsync("/logg-inn", [new("Input.Email", volunteer.Email), new("Input.Password", volunteer.Password)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Forespørselen kunne ikke behandles", (await Html.ParseAsync(response)).QuerySelector("h1")?.TextContent);
        Assert.DoesNotContain(response.SetCookies(), c => c.StartsWith("__Host-rv=", StringComparison.Ordinal));
        Assert.Equal(0, await SessionCountAsync(app, volunteer.Id));
        Assert.True((await client.GetUrlAsync("/konto")).IsRedirectToLogin());

        // The same post with the token logs her in: the refusal was the missing token.
        var withToken = await client.PostFormAsync("/logg-inn", [new("Input.Email", volunteer.Email), new("Input.Password", volunteer.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, withToken.StatusCode);
        Assert.Equal(1, await SessionCountAsync(app, volunteer.Id));
    }

    [Fact]
    public async Task Login_WithAnotherBrowsersAntiforgeryToken_IsRefused()
    {
        await using var app = await TestApp.CreateAsync();
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        using var attacker = app.Client();
        var token = await attacker.AntiforgeryTokenAsync("/logg-inn");
        using var victim = app.Client();
        await victim.GetUrlAsync("/logg-inn");

        var response = await victim.PostRawFormAsync("/logg-inn", [new("Input.Email", volunteer.Email), new("Input.Password", volunteer.Password), new("__RequestVerificationToken", token)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await SessionCountAsync(app, volunteer.Id));
    }

    [Fact]
    public async Task Login_AfterFiveWrongPasswords_RefusesTheRightPasswordWithTheSameMessage_UntilTheLockoutHasPassed()
    {
        await using var app = await TestApp.CreateAsync();
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [(await app.CreateOrganisationAsync("Lås")).Association]);
        using var client = app.Client();

        string? wrongMessage = null;
        for (var i = 0; i < 5; i++)
        {
            var wrong = await PostLoginAsync(client, coordinator.Email, WrongPassword);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var message = string.Join("\n", Html.ErrorMessages(await Html.ParseAsync(wrong)));
            Assert.NotEmpty(message);
            wrongMessage ??= message;
            Assert.Equal(wrongMessage, message);
        }

        var locked = await PostLoginAsync(client, coordinator.Email, coordinator.Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(wrongMessage, string.Join("\n", Html.ErrorMessages(await Html.ParseAsync(locked))));

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = await PostLoginAsync(client, coordinator.Email, coordinator.Password);
        Assert.Equal(HttpStatusCode.OK, stillLocked.StatusCode);
        Assert.Equal(wrongMessage, string.Join("\n", Html.ErrorMessages(await Html.ParseAsync(stillLocked))));

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await app.LoginAsync(client, coordinator);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/", after.Location());
        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/konto")).StatusCode);
    }

    [Fact]
    public async Task Login_WithUnknownEmail_GivesExactlyTheSameAnswerAsAWrongPassword()
    {
        await using var app = await TestApp.CreateAsync();
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        var disabled = await app.CreateUserAsync(Roles.Volunteer);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var user = await db.Users.SingleAsync(u => u.Id == disabled.Id, TestContext.Current.CancellationToken);
            user.Disabled = true;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var client = app.Client();
        var unknown = await PostLoginAsync(client, "ingen-" + Guid.NewGuid().ToString("N") + "@test.invalid", WrongPassword);
        var wrong = await PostLoginAsync(client, volunteer.Email, WrongPassword);
        var disabledRight = await PostLoginAsync(client, disabled.Email, disabled.Password);

        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, disabledRight.StatusCode);
        var unknownSummary = (await Html.ParseAsync(unknown)).QuerySelector(".rv-error-summary")?.OuterHtml;
        var wrongSummary = (await Html.ParseAsync(wrong)).QuerySelector(".rv-error-summary")?.OuterHtml;
        var disabledSummary = (await Html.ParseAsync(disabledRight)).QuerySelector(".rv-error-summary")?.OuterHtml;
        Assert.NotNull(wrongSummary);
        Assert.Equal(wrongSummary, unknownSummary);
        Assert.Equal(wrongSummary, disabledSummary);
        Assert.Contains("feil", wrongSummary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgotPassword_GivesTheSamePageForKnownAndUnknownAddress_AndMailsOnlyTheKnownOne()
    {
        await using var app = await TestApp.CreateAsync();
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        var unknownAddress = "ingen-" + Guid.NewGuid().ToString("N") + "@test.invalid";
        using var client = app.Client();

        var known = await client.PostFormAsync("/glemt-passord", [new("Input.Email", volunteer.Email)]);
        var unknown = await client.PostFormAsync("/glemt-passord", [new("Input.Email", unknownAddress)]);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var knownMain = (await Html.ParseAsync(known)).QuerySelector("main")!.OuterHtml;
        var unknownMain = (await Html.ParseAsync(unknown)).QuerySelector("main")!.OuterHtml;
        Assert.Equal(knownMain, unknownMain);
        Assert.DoesNotContain(volunteer.Email, knownMain, StringComparison.OrdinalIgnoreCase);
        Assert.Single(app.Mail.Messages, m => m.To == volunteer.Email);
        Assert.DoesNotContain(app.Mail.Messages, m => m.To == unknownAddress);
        Assert.StartsWith("/nytt-passord?token=", app.Mail.LastLinkTo(volunteer.Email), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithReplayedTotpCode_IsRefused()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = app.Client();
        app.Clock.Advance(TimeSpan.FromSeconds(31)); // a fresh 30-second step, a second into it
        var code = app.Code(admin.TotpKey!);

        var first = await PostCodeAsync(client, admin, code);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.Location());
        var logout = await client.PostFormAsync("/logg-ut", []);
        Assert.True(logout.IsRedirectToLogin());

        app.Clock.Advance(TimeSpan.FromSeconds(10)); // still the same step
        Assert.Equal(code, app.Code(admin.TotpKey!));
        var replay = await PostCodeAsync(client, admin, code);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains(Html.ErrorMessages(await Html.ParseAsync(replay)), m => m.Contains("allerede brukt", StringComparison.Ordinal));
        Assert.True((await client.GetUrlAsync("/konto")).IsRedirectToLogin());

        // The next code works: the refusal was the replay, not the login.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var next = await PostCodeAsync(client, admin, app.Code(admin.TotpKey!));
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal("/", next.Location());
    }

    [Fact]
    public async Task Login_WithRecoveryCode_WorksOnceOnly()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        List<string> codes;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByIdAsync(admin.Id.ToString());
            codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user!, 10))!.ToList();
        }

        using var client = app.Client();
        var first = await PostRecoveryCodeAsync(client, admin, codes[0]);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.Location());
        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/konto")).StatusCode);
        await client.PostFormAsync("/logg-ut", []);

        var again = await PostRecoveryCodeAsync(client, admin, codes[0]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(Html.ErrorMessages(await Html.ParseAsync(again)), m => m.Contains("allerede brukt", StringComparison.Ordinal));
        Assert.True((await client.GetUrlAsync("/konto")).IsRedirectToLogin());

        var other = await PostRecoveryCodeAsync(client, admin, codes[1]);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task Login_FourthPostWithinAMinute_Gets429WithRetryAfter_ButTheLoginPageCanStillBeRead()
    {
        await using var app = await TestApp.CreateAsync(new Dictionary<string, string?> { ["RateLimits:AuthPermitPerMinute"] = "3" });
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        using var client = app.Client();
        var token = await client.AntiforgeryTokenAsync("/logg-inn");

        for (var i = 0; i < 3; i++)
        {
            var allowed = await client.PostRawFormAsync("/logg-inn", [new("Input.Email", volunteer.Email), new("Input.Password", WrongPassword), new("__RequestVerificationToken", token)]);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var limited = await client.PostRawFormAsync("/logg-inn", [new("Input.Email", volunteer.Email), new("Input.Password", volunteer.Password), new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Header("Retry-After");
        Assert.True(int.TryParse(retryAfter, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds), $"Retry-After '{retryAfter}' is not whole seconds");
        Assert.InRange(seconds, 1, 60);
        Assert.Equal(0, await SessionCountAsync(app, volunteer.Id));

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/logg-inn")).StatusCode);
        }
    }

    [Fact]
    public async Task StoredPasswordHash_IsPbkdf2WithHmacSha512AndAtLeast210000Iterations()
    {
        // The app's own hashing settings (other tests hash faster, see TestApp.RealPasswordHashingSetting).
        await using var app = await TestApp.CreateAsync(new Dictionary<string, string?> { [TestApp.RealPasswordHashingSetting] = "true" });
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        using var client = await app.LoggedInClientAsync(volunteer);
        const string newPassword = "Et helt nytt og langt passord 7";
        var changed = await client.PostFormAsync("/konto/passord", [new("Input.CurrentPassword", volunteer.Password), new("Input.Password", newPassword), new("Input.ConfirmPassword", newPassword)]);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var hash = Convert.FromBase64String((await StoredHashAsync(app, volunteer.Id))!);
        Assert.Equal(0x01, hash[0]); // Identity V3 format
        var prf = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1, 4));
        var iterations = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5, 4));
        Assert.Equal(2u, prf); // KeyDerivationPrf.HMACSHA512
        Assert.True(iterations >= 210_000, $"only {iterations} iterations");
    }

    [Theory]
    [InlineData("Elleve-tegn", "minst 12 tegn")]
    [InlineData("passwordpassword", "for vanlig")]
    [InlineData("passord12345", "for lett å gjette")]
    [InlineData("Sommer2024!!", "for lett å gjette")]
    [InlineData("Testbruker Volunteer 1", "for lett å gjette")]
    public async Task ChangePassword_ToATooShortOrCommonPassword_IsRefusedWithAClearMessage(string newPassword, string expected)
    {
        await using var app = await TestApp.CreateAsync();
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        using var client = await app.LoggedInClientAsync(volunteer);
        var before = await StoredHashAsync(app, volunteer.Id);

        var response = await client.PostFormAsync("/konto/passord", [new("Input.CurrentPassword", volunteer.Password), new("Input.Password", newPassword), new("Input.ConfirmPassword", newPassword)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Html.ParseAsync(response);
        Assert.Contains(Html.ErrorMessages(document), m => m.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(before, await StoredHashAsync(app, volunteer.Id));
    }

    [Theory]
    [InlineData("Elleve-tegn", "minst 12 tegn")]
    [InlineData("passwordpassword", "for vanlig")]
    [InlineData("Sommer2024!!", "for lett å gjette")]
    public async Task Setup_WithATooShortOrCommonPassword_IsRefused_AndKeepsTheNameAndEmailTyped(string password, string expected)
    {
        await using var app = await TestApp.CreateAsync();
        string token;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<Ressursvenn.Web.Security.OneTimeTokenService>();
            token = tokens.Create(TokenPurpose.FirstAdminSetup, null);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var client = app.Client();
        var url = "/oppsett?token=" + Uri.EscapeDataString(token);
        var response = await client.PostFormAsync(url, [new("Token", token), new("Input.Name", "Astrid Admin"), new("Input.Email", "astrid@test.invalid"), new("Input.Password", password), new("Input.ConfirmPassword", password)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await Html.ParseAsync(response);
        Assert.Contains(Html.ErrorMessages(document), m => m.Contains(expected, StringComparison.Ordinal));
        Assert.Equal("Astrid Admin", Html.InputValue(document, "Input.Name"));
        Assert.Equal("astrid@test.invalid", Html.InputValue(document, "Input.Email"));
        Assert.Equal(string.Empty, Html.InputValue(document, "Input.Password")); // a password is never echoed
        await using var check = app.Services.CreateAsyncScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<AppDbContext>().Users.AnyAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        await client.PostFormAsync("/logg-inn", [new("Input.Email", email), new("Input.Password", password)]);

    /// <summary>The password step, then the given authenticator code (without moving the clock).</summary>
    private static async Task<HttpResponseMessage> PostCodeAsync(HttpClient client, TestUser user, string code)
    {
        var password = await PostLoginAsync(client, user.Email, user.Password);
        Assert.Equal("/logg-inn/kode", password.Location().Split('?')[0]);
        return await client.PostFormAsync(password.Location(), [new("Input.Code", code)]);
    }

    private static async Task<HttpResponseMessage> PostRecoveryCodeAsync(HttpClient client, TestUser user, string code)
    {
        var password = await PostLoginAsync(client, user.Email, user.Password);
        Assert.Equal("/logg-inn/kode", password.Location().Split('?')[0]);
        var url = "/logg-inn/kode?gjenoppretting=true&ReturnUrl=%2F";
        var page = await client.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector("input[name='gjenoppretting'][value='true']") as IHtmlInputElement);
        return await client.PostFormAsync(url, [new("Input.Code", code), new("gjenoppretting", "true"), new("ReturnUrl", "/")]);
    }

    private static async Task<int> SessionCountAsync(TestApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().UserSessions.CountAsync(s => s.UserId == userId, TestContext.Current.CancellationToken);
    }

    private static async Task<string?> StoredHashAsync(TestApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == userId).Select(u => u.PasswordHash).SingleAsync(TestContext.Current.CancellationToken);
    }
}
