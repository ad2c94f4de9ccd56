using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ressursvenn.BrowserTests.Infrastructure;

public static partial class Journeys
{
    /// <summary>
    /// "Bli ressursvenn" with the fewest answers it takes (Oslo, 0150, one time slot, one interest), sent to an
    /// association covering Oslo; ends on the thank-you page.
    /// </summary>
    public static async Task ApplyAsVolunteerAsync(IPage page, string association, string name, string email, DateOnly birthDate)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/bli-ressursvenn");
        await page.GetByLabel("Fullt navn").FillAsync(name);
        await page.GetByLabel("E-postadresse").FillAsync(email);
        await page.GetByLabel("Telefonnummer").FillAsync("000 54 321");
        await page.GetByLabel("Fødselsdato").FillAsync(IsoDate(birthDate));
        await page.GetByRole(AriaRole.Group, new() { Name = "Er du kvinne?" }).GetByLabel("Ja, jeg er kvinne").CheckAsync();
        await page.GetByLabel("Postnummer").FillAsync("0150");
        await page.GetByLabel("Hvor langt kan du reise for å møte henne?").FillAsync("15");
        await page.GetByRole(AriaRole.Group, new() { Name = "Når kan du vanligvis?" }).GetByRole(AriaRole.Checkbox, new() { Name = "Onsdag Kveld", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Interesser" }).GetByLabel("Turer", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Hvorfor vil du bli ressursvenn?").FillAsync("Jeg vil gjerne være en trygg venn.");
        await page.GetByLabel("Jeg kan møte henne 3–4 ganger i måneden i 9–12 måneder.").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Finn foreningen" }).ClickAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Lokalforeningen du søker til", Exact = true })
            .GetByLabel($"{association} (dekker kommunen din)", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send søknaden" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/bli-ressursvenn/takk$"));
    }
}
