using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests.Infrastructure;

public static partial class Journeys
{
    /// <summary>A made-up participant name unique in the run (never a real person's).</summary>
    public static string ParticipantName(string first) => $"Testdeltaker {first}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// Fills "Ny henvisning" the way the staff do, by the labels: the association, her name, a safe phone contact,
    /// where she lives (Oslo, or only the county when she lives at a protected address), a language, an interest, a
    /// need and the consents; sends nothing.
    /// </summary>
    public static async Task FillReferralAsync(IPage page, string association, string name, bool protectedAddress)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ny henvisning", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Lokalforening", Exact = true }).GetByLabel(association, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Fornavn eller navnet hun vil bruke").FillAsync(name);
        await page.GetByRole(AriaRole.Group, new() { Name = "Hvordan vil hun bli kontaktet?" }).GetByLabel("Telefonsamtale").CheckAsync();
        await page.GetByLabel("Telefonnummer").FillAsync("000 12 345");
        await page.GetByLabel("Trygge tidspunkter").FillAsync("Hverdager etter kl. 16");
        if (protectedAddress)
        {
            await page.GetByLabel("Hun bor på sperret adresse eller kan bli oppsporet").CheckAsync();
            await page.GetByLabel("Fylke (grovt område)").SelectOptionAsync(new SelectOptionValue { Label = "Oslo" });
        }
        else
        {
            await page.GetByLabel("Kommune", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Oslo (0301)" });
        }

        await page.GetByRole(AriaRole.Group, new() { Name = "Språk hun snakker" }).GetByLabel("Arabisk", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Interesser" }).GetByLabel("Turer", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Hva hun ønsker hjelp til" }).GetByLabel("Norsktrening", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Hun samtykker til å bli registrert og kontaktet av lokalforeningen").CheckAsync();
        await page.GetByLabel("Hun kan telles anonymt i statistikken").CheckAsync();
    }

    /// <summary>"Send henvisning" on a filled form; returns the reference from the confirmation on the centre's list.</summary>
    public static async Task<string> SendReferralAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send henvisning" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/henvisninger$"));
        var confirmation = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Henvisningen er sendt." });
        await Expect(confirmation).ToContainTextAsync(ReferencePattern());
        return ReferencePattern().Match(await confirmation.InnerTextAsync()).Value;
    }

    /// <summary><see cref="FillReferralAsync"/> then <see cref="SendReferralAsync"/>.</summary>
    public static async Task<string> FillAndSendReferralAsync(IPage page, string association, string name, bool protectedAddress)
    {
        await FillReferralAsync(page, association, name, protectedAddress);
        return await SendReferralAsync(page);
    }

    [GeneratedRegex(@"\bH-[0-9A-Z]{6}\b")]
    private static partial Regex ReferencePattern();
}
