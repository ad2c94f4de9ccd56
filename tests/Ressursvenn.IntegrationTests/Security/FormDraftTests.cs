using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>"Nothing typed is lost to a timeout": a form posted after the session expired comes back after the next login, to her only, once.</summary>
public sealed class FormDraftTests
{
    [Fact]
    public async Task FormPostedAfterSessionExpired_ComesBackFilledIn_AfterTheNextLogin_OnceAndOnlyForHer()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var otherAdmin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);
        var token = await client.AntiforgeryTokenAsync("/admin/forening");
        const string typed = "Sanitetsforeningen på Sørøya";

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await client.PostRawFormAsync("/admin/forening",
            [new("Input.Name", typed), new("Input.CountyCode", "03"), new("Input.MunicipalityCodes", "0301"), new("Input.Version", "0"), new("__RequestVerificationToken", token)]);

        Assert.Equal(HttpStatusCode.SeeOther, expired.StatusCode);
        var loginUrl = expired.Location();
        Assert.StartsWith("/logg-inn?", loginUrl, StringComparison.Ordinal);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(loginUrl.Split('?', 2)[1]);
        Assert.Equal("/admin/forening", query["ReturnUrl"].ToString());
        Assert.Equal("1", query["utlopt"].ToString());
        Assert.False(await AssociationExistsAsync(app, typed)); // kept, not saved

        var login = await app.LoginAsync(client, admin, query["ReturnUrl"].ToString());
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var restoreUrl = login.Location();
        Assert.StartsWith("/admin/forening?gjenopprett=", restoreUrl, StringComparison.Ordinal);

        // Another admin gets nothing of it: not after her login, not from the link.
        using (var other = app.Client())
        {
            var otherLogin = await app.LoginAsync(other, otherAdmin, "/admin/forening");
            Assert.Equal("/admin/forening", otherLogin.Location());
            var stolen = await Html.ParseAsync(await other.GetUrlAsync(restoreUrl));
            Assert.Equal(string.Empty, Html.InputValue(stolen, "Input.Name"));
            Assert.DoesNotContain(typed, stolen.DocumentElement.OuterHtml, StringComparison.Ordinal);
        }

        var restored = await client.GetUrlAsync(restoreUrl);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var document = await Html.ParseAsync(restored);
        Assert.Equal(typed, Html.InputValue(document, "Input.Name"));
        Assert.Equal("03", Html.InputValue(document, "Input.CountyCode"));
        // The municipalities are a list of checkboxes: the one she ticked is ticked again.
        Assert.NotNull(document.QuerySelector("input[type=checkbox][value='0301'][checked]"));

        var again = await Html.ParseAsync(await client.GetUrlAsync(restoreUrl));
        Assert.Equal(string.Empty, Html.InputValue(again, "Input.Name"));

        // What came back can be saved as usual.
        var saved = await client.PostFormAsync("/admin/forening", [new("Input.Name", typed), new("Input.CountyCode", "03"), new("Input.MunicipalityCodes", "0301")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.True(await AssociationExistsAsync(app, typed));
    }

    [Fact]
    public async Task LoginPage_AfterSessionExpired_SaysWhatHappened_AndItsFormLogsIn()
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);
        var token = await client.AntiforgeryTokenAsync("/admin/forening");
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await client.PostRawFormAsync("/admin/forening",
            [new("Input.Name", "Skrevet før utlogging"), new("Input.CountyCode", "03"), new("Input.MunicipalityCodes", "0301"), new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.SeeOther, expired.StatusCode);

        var loginPage = await Html.ParseAsync(await client.GetUrlAsync(expired.Location()));
        Assert.Contains("det du skrev er tatt vare på", loginPage.QuerySelector(".rv-banner-info")?.TextContent ?? string.Empty, StringComparison.Ordinal);

        // The form on that page (posted to its own URL, with utlopt=1) logs her in and leads back to the kept form.
        var password = await client.SubmitFormAsync(expired.Location(), "main form", [new("Input.Email", admin.Email), new("Input.Password", admin.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/logg-inn/kode", password.Location(), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = await client.SubmitFormAsync(password.Location(), "main form", [new("Input.Code", app.Code(admin.TotpKey!))]);
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.StartsWith("/admin/forening?gjenopprett=", code.Location(), StringComparison.Ordinal);
        var restored = await Html.ParseAsync(await client.GetUrlAsync(code.Location()));
        Assert.Equal("Skrevet før utlogging", Html.InputValue(restored, "Input.Name"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("CfDJ8-forfalsket-token")]
    public async Task FormPostedAfterSessionExpired_WithoutAValidAntiforgeryToken_IsNotKept(string? token)
    {
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        using var client = await app.LoggedInClientAsync(admin);
        await client.GetUrlAsync("/admin/forening");

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var fields = new List<KeyValuePair<string, string>> { new("Input.Name", "Plantet av en annen side"), new("Input.CountyCode", "03"), new("Input.MunicipalityCodes", "0301") };
        if (token is not null)
        {
            fields.Add(new("__RequestVerificationToken", token));
        }

        var response = await client.PostRawFormAsync("/admin/forening", fields);

        Assert.NotEqual(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.DoesNotContain("utlopt", response.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<AppDbContext>().FormDrafts.CountAsync(TestContext.Current.CancellationToken));
        }

        var login = await app.LoginAsync(client, admin, "/admin/forening");
        Assert.Equal("/admin/forening", login.Location());
        Assert.False(await AssociationExistsAsync(app, "Plantet av en annen side"));
    }

    private static async Task<bool> AssociationExistsAsync(TestApp app, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Associations.AnyAsync(a => a.Name == name, TestContext.Current.CancellationToken);
    }
}
