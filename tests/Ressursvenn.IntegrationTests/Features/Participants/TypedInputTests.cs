using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Matching;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Features.Participants;

/// <summary>
/// Kept forms (ADR 0004) and SR22: what a coordinator typed is kept (a note posted after a timeout comes back after the next
/// login; a NUL typed into a form loses nothing) and refused properly (an invisible-only note, an implausible date).
/// </summary>
public sealed class TypedInputTests
{
    [Fact]
    public async Task NotePostedAfterTheSessionExpired_ComesBackInTheNoteField_AfterTheNextLogin()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Notatutlop");
        var coordinator = await app.CreateUserAsync(Roles.Coordinator, [association]);
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Kari Utlopsdottir");
        using var client = await app.LoggedInClientAsync(coordinator);
        var token = await client.AntiforgeryTokenAsync($"/deltaker/{woman}");
        const string typed = "Ringte henne, avtalte kaffe torsdag.";

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await client.PostRawFormAsync($"/deltaker/{woman}?handler=Note", [new("Note.Text", typed), new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.SeeOther, expired.StatusCode);

        var login = await app.LoginAsync(client, coordinator, $"/deltaker/{woman}");
        var restored = await Html.ParseAsync(await client.GetUrlAsync(login.Location()));
        Assert.Equal(typed, Html.InputValue(restored, "Note.Text"));
        Assert.Contains("Vi tok vare på det du skrev", restored.DocumentElement.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u200b\u200b\u200b")]
    [InlineData(" \u200d\ufeff\u2060 ")]
    [InlineData("\u202e\u200f")]
    public async Task ANoteOfOnlyInvisibleCharacters_IsRefusedAsEmpty(string invisible)
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Usynlig");
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Kari Usynligsen");
        using var client = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));

        var response = await client.PostFormAsync($"/deltaker/{woman}", [new("Note.Text", invisible)], $"/deltaker/{woman}?handler=Note");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(Html.ErrorMessages(await Html.ParseAsync(response)));
        Assert.Equal(0, await NoteCountAsync(app, woman));
    }

    [Fact]
    public async Task ANulTypedIntoANote_IsRemoved_AndTheRestIsSaved()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Nulltegn");
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Kari Nullsen");
        using var client = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));

        var response = await client.PostFormAsync($"/deltaker/{woman}", [new("Note.Text", "Ringte\0 henne.")], $"/deltaker/{woman}?handler=Note");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Ringte henne.", await (await client.GetUrlAsync($"/deltaker/{woman}")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    private static async Task<int> NoteCountAsync(TestApp app, Guid woman)
    {
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<Ressursvenn.Web.Domain.Participants.ParticipantNote>().IgnoreQueryFilters().CountAsync(n => n.ParticipantId == woman, TestContext.Current.CancellationToken);
    }
}
