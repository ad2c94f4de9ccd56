using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// When it suits her to meet (the weekday × part-of-day grid of the intake conversation): recorded through the intake
/// page, kept on bad input and when the intake is opened again, shown on her record, her export and her suggestions,
/// and scored against the volunteers' free times ("felles ledige tider").
/// </summary>
public sealed partial class IntakeAvailabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TimesRecordedAtTheIntake_AreKept_Shown_AndScoredAgainstAVolunteerFreeAtTheSameTime()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Tider");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Tine Tidsen-8q", new WomanSpec { Waiting = false });
        // A planted volunteer is free all of Monday (morning, afternoon, evening).
        var volunteer = await MatchingPlanting.VolunteerAsync(app, association, "Vera Ledig-8q");
        var intakeUrl = $"/deltaker/{woman}/kartlegging";

        // The grid is on the intake page: 7 days × 3 parts, every box named by its headers, none ticked yet.
        var empty = await Html.ParseAsync(await coordinator.GetUrlAsync(intakeUrl));
        Assert.Contains("Når passer det for henne å møtes?", empty.QuerySelector("fieldset#Input_Availability legend")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(21, Boxes(empty).Count);
        Assert.Empty(Ticked(empty));

        // Bad input: a clear message, the ticked times kept, nothing saved.
        var future = await coordinator.SubmitFormAsync(intakeUrl, "form.rv-form",
            [new("Input.HeldOn", "2026-12-24"), new("Input.Availability", "2"), new("Input.Availability", "3")], "toWaitingList", "true");
        Assert.Equal(HttpStatusCode.OK, future.StatusCode);
        var futurePage = await Html.ParseAsync(future);
        Assert.Contains("Datoen kan ikke være fram i tid.", Html.ErrorMessages(futurePage));
        Assert.Equal(["2", "3"], Ticked(futurePage));
        var unknown = await Html.ParseAsync(await coordinator.SubmitFormAsync(intakeUrl, "form.rv-form",
            [new("Input.HeldOn", "2026-11-24"), new("Input.Availability", "2"), new("Input.Availability", "99")], "toWaitingList", "true"));
        Assert.Contains("Velg et av alternativene i listen.", Html.ErrorMessages(unknown));
        Assert.Equal(["2"], Ticked(unknown));
        Assert.Null((await LoadAsync(app, woman)).Intake);

        // Monday evening and Tuesday morning, then the waiting list.
        var saved = await coordinator.SubmitFormAsync(intakeUrl, "form.rv-form",
            [new("Input.HeldOn", "2026-11-24"), new("Input.Availability", "2"), new("Input.Availability", "3")], "toWaitingList", "true");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(0b1100, (await LoadAsync(app, woman)).Intake!.Availability);

        // Opening the intake again (its edit path) shows the same times ticked, and saving again keeps them.
        Assert.Equal(["2", "3"], Ticked(await Html.ParseAsync(await coordinator.GetUrlAsync(intakeUrl))));
        Assert.Equal(HttpStatusCode.Redirect, (await coordinator.SubmitFormAsync(intakeUrl, "form.rv-form",
            [new("Input.HeldOn", "2026-11-24"), new("Input.Wishes", "Gjerne en som liker å gå tur."), new("Input.Availability", "2"), new("Input.Availability", "3")],
            "toWaitingList", "false")).StatusCode);
        Assert.Equal(0b1100, (await LoadAsync(app, woman)).Intake!.Availability);

        // Her record and her export show them in words.
        var record = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{woman}"));
        var recordTimes = record.QuerySelector("#intake-times")!.TextContent;
        Assert.Contains("Mandag: kveld", recordTimes, StringComparison.Ordinal);
        Assert.Contains("Tirsdag: formiddag", recordTimes, StringComparison.Ordinal);
        var export = await coordinator.GetUrlAsync($"/deltaker/{woman}/innsyn?handler=Json");
        using (var json = JsonDocument.Parse(await export.Content.ReadAsStringAsync(Ct)))
        {
            var days = json.RootElement.GetProperty("intake").GetProperty("availability").EnumerateArray().ToList();
            Assert.Equal(7, days.Count);
            Assert.Equal("Mandag", days[0].GetProperty("day").GetString());
            Assert.Equal(["Kveld"], days[0].GetProperty("free").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal(["Formiddag"], days[1].GetProperty("free").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal(0, days[2].GetProperty("free").GetArrayLength());
        }

        // Her suggestions: her times in words, and the volunteer free on Monday evening gets points for it.
        var suggestions = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{woman}/forslag"));
        var herTimes = suggestions.QuerySelector("#her-times")!.TextContent;
        Assert.Contains("Mandag: kveld", herTimes, StringComparison.Ordinal);
        Assert.Contains("Tirsdag: formiddag", herTimes, StringComparison.Ordinal);
        var card = suggestions.QuerySelector($"#suggestions li.rv-card[data-volunteer='{volunteer}']")!;
        var (text, points) = AvailabilityPart(card);
        Assert.Contains("begge ledige mandag kveld", text, StringComparison.Ordinal);
        Assert.True(points > 0, $"Availability part: {text}");
        Assert.Contains("begge ledige mandag kveld", card.QuerySelector(".rv-score__chips")!.TextContent, StringComparison.Ordinal);

        // Side by side: her times next to the volunteer's.
        var compare = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{woman}/forslag/{volunteer}"));
        Assert.Contains("Tirsdag: formiddag", compare.QuerySelector("#her-times")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Mandag: formiddag, ettermiddag, kveld", compare.QuerySelector("#volunteer")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWomanWithoutTimes_GetsNoAvailabilityPoints_AndThePageSaysSoKindly()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Uten tider");
        using var coordinator = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [association]));
        var woman = await MatchingPlanting.WomanAsync(app, association, centre, "Una Utentid-8q");
        var volunteer = await MatchingPlanting.VolunteerAsync(app, association, "Vilde Ledig-8q");

        var suggestions = await Html.ParseAsync(await coordinator.GetUrlAsync($"/deltaker/{woman}/forslag"));
        var herTimes = suggestions.QuerySelector("#her-times")!;
        Assert.Contains("Ingen tider registrert for henne", herTimes.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/deltaker/{woman}/kartlegging", herTimes.QuerySelector("a")!.GetAttribute("href"));
        var (text, points) = AvailabilityPart(suggestions.QuerySelector($"#suggestions li.rv-card[data-volunteer='{volunteer}']")!);
        Assert.Equal("ingen tider registrert for henne", text);
        Assert.Equal(0, points);
    }

    private static List<IHtmlInputElement> Boxes(IHtmlDocument page) =>
        page.QuerySelectorAll("table.rv-availability input[type=checkbox][name='Input.Availability']").OfType<IHtmlInputElement>().ToList();

    private static List<string> Ticked(IHtmlDocument page) => Boxes(page).Where(b => b.IsChecked).Select(b => b.Value).ToList();

    /// <summary>The "Felles ledige tider" part of a suggestion card: its text and its points.</summary>
    private static (string Text, double Points) AvailabilityPart(IElement card)
    {
        var term = card.QuerySelectorAll("dl.rv-score-parts dt").Single(dt => dt.TextContent.Trim() == "Felles ledige tider");
        var description = term.NextElementSibling!;
        var hint = description.QuerySelector(".rv-hint")!.TextContent;
        var text = description.TextContent.Replace(hint, string.Empty, StringComparison.Ordinal).Trim();
        var points = double.Parse(PointsPattern().Match(hint).Groups[1].Value, CultureInfo.GetCultureInfo("nb-NO"));
        return (text, points);
    }

    private static async Task<Participant> LoadAsync(TestApp app, Guid id)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Participants.AsNoTracking().SingleAsync(p => p.Id == id, Ct);
    }

    [GeneratedRegex(@"\(([\d,\.]+) poeng\)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex PointsPattern();
}
