using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.IntegrationTests.Features.Apply;

/// <summary>
/// The public application to become a volunteer (docs/domain.md §4.1), without login: a valid application is
/// stored encrypted, audited and confirmed by a neutral e-mail; bad input is explained beside each field and kept;
/// someone under the minimum age or not a woman is told why kindly and nothing is stored or sent; the postal code
/// suggests the association; the page is public and rate-limited.
/// </summary>
public sealed class ApplicationTests
{
    private const string Url = "/bli-ressursvenn";
    private const string FindUrl = "/bli-ressursvenn?handler=FindAssociation";
    private const string Name = "Søker Ingrid Qvx-5";
    private const string Phone = "+47 915 55 123";
    private const string Email = "ingrid.qvx5@test.invalid";
    private const string Motivation = "Jeg vil gjerne være til stede for noen, Qvx-motivasjon.";

    /// <summary>The fake clock starts on 25 November 2026 (Oslo): someone born on 26 November 2001 turns 25 tomorrow.</summary>
    private static readonly DateOnly TurnsTwentyFiveTomorrow = new(2001, 11, 26);

    [Fact]
    public async Task ValidApplication_IsStoredEncrypted_Audited_AndConfirmedByANeutralEmail()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Søknadsby");
        using var client = app.Client();

        var response = await client.PostFormAsync(Url, Valid(association, new DateOnly(1980, 5, 17)));

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", Html.ErrorMessages(await Html.ParseAsync(response))));
        Assert.Equal("/bli-ressursvenn/takk", response.Location());
        var thanks = await client.GetUrlAsync("/bli-ressursvenn/takk");
        Assert.Equal(HttpStatusCode.OK, thanks.StatusCode);
        var thanksText = (await Html.ParseAsync(thanks)).Body!.TextContent;
        Assert.Contains("Takk for søknaden", thanksText, StringComparison.Ordinal);
        Assert.DoesNotContain(Name, thanksText, StringComparison.Ordinal);

        // Stored as she wrote it, decrypted on load.
        var volunteer = Assert.Single(await VolunteersAsync(app));
        Assert.Equal((association, VolunteerStatus.Applied), (volunteer.AssociationId, volunteer.Status));
        Assert.Equal((Name, Email, Phone), (volunteer.Name, volunteer.Email, volunteer.Phone));
        Assert.Equal((new DateOnly(1980, 5, 17), "0301", "0150"), (volunteer.BirthDate, volunteer.MunicipalityCode, volunteer.PostalCode));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, volunteer.AppliedAt);
        Assert.Equal(35, volunteer.MaxTravelKm);
        // Monday morning (bit 0), Tuesday evening (bit 1*3+2 = 5), Sunday evening (bit 6*3+2 = 20).
        Assert.Equal((1 << 0) | (1 << 5) | (1 << 20), volunteer.Availability);
        Assert.Equal(["nb", "ar"], volunteer.Profile.Languages);
        Assert.Equal(["walks", "coffee"], volunteer.Profile.Interests);
        Assert.Equal(Motivation, volunteer.Profile.Motivation);
        Assert.Equal("Besøksvenn i fem år.", volunteer.Profile.Experience);

        // At rest the name, contact details and profile are ciphertext (a projection is not decrypted).
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var raw = await db.Volunteers.Where(v => v.Id == volunteer.Id).Select(v => new { v.Name, v.Email, v.Phone, v.ProfileData }).SingleAsync(ct);
            foreach (var (value, plain) in new[] { (raw.Name, Name), (raw.Email, Email), (raw.Phone!, Phone), (raw.ProfileData!, Motivation) })
            {
                Assert.StartsWith("ev1.", value, StringComparison.Ordinal);
                Assert.DoesNotContain(plain, value, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("Qvx", raw.ProfileData!, StringComparison.Ordinal);
        }

        // One audit entry, without content; the applicant has no account.
        var entry = Assert.Single(await AuditAsync(app, AuditActions.VolunteerApplied));
        Assert.Equal((nameof(Volunteer), volunteer.Id, (Guid?)null, (string?)null), (entry.EntityType, entry.EntityId, entry.UserId, entry.Detail));

        // A neutral confirmation to her own address only: nothing she wrote, no programme name in the subject.
        var mail = Assert.Single(app.Mail.Messages);
        Assert.Equal(Email, mail.To);
        Assert.Equal("Takk for søknaden din", mail.Subject);
        foreach (var text in new[] { mail.Subject, mail.TextBody, mail.HtmlBody })
        {
            foreach (var secret in new[] { Name, "Ingrid", Phone, "915 55 123", "Qvx", "0150", "1980" })
            {
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.DoesNotContain("ressursvenn", mail.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("vold", mail.Subject + mail.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("lokalforeningen tar kontakt med deg", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_GivesAClearMessageBesideEachField_KeepsWhatWasTyped_AndStoresNothing()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Feilby");
        using var client = app.Client();

        var response = await client.PostFormAsync(Url, With(Valid(association, new DateOnly(1980, 5, 17)),
            ("Input.Name", ""), ("Input.Email", "ingrid-ved-test"), ("Input.Phone", "12ab"), ("Input.PostalCode", "0000"),
            ("Input.Commitment", "false"), ("Input.MaxTravelKm", "0")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal(
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Input_Name"] = "Skriv navnet ditt.",
                ["Input_Email"] = "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no.",
                ["Input_Phone"] = "Skriv telefonnummeret med 8 til 20 sifre, for eksempel 912 34 567.",
                ["Input_PostalCode"] = "Vi finner ikke dette postnummeret. Sjekk at det er riktig.",
                ["Input_Commitment"] = "Kryss av for at du kan møte henne 3–4 ganger i måneden i 9–12 måneder.",
                ["Input_MaxTravelKm"] = "Skriv et antall kilometer fra 1 til 200.",
            },
            FieldErrors(page));
        // The summary at the top links to each field.
        var summary = page.QuerySelectorAll(".rv-error-summary a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Superset(new HashSet<string?>(["#Input_Name", "#Input_Email", "#Input_Phone", "#Input_PostalCode", "#Input_Commitment", "#Input_MaxTravelKm"]), summary.ToHashSet());

        // What she typed is kept, ticks included.
        Assert.Equal("ingrid-ved-test", Html.InputValue(page, "Input.Email"));
        Assert.Equal("12ab", Html.InputValue(page, "Input.Phone"));
        Assert.Equal("0000", Html.InputValue(page, "Input.PostalCode"));
        Assert.Equal("0", Html.InputValue(page, "Input.MaxTravelKm"));
        Assert.Equal("1980-05-17", Html.InputValue(page, "Input.BirthDate"));
        Assert.Equal(Motivation, Html.InputValue(page, "Input.Motivation"));
        Assert.Equal(["0", "5", "20"], Checked(page, "Input.Availability"));
        Assert.Equal(["nb", "ar"], Checked(page, "Input.Languages"));
        Assert.Equal(["true"], Checked(page, "Input.IsWoman"));
        Assert.Equal([association.ToString()], Checked(page, "Input.AssociationId"));

        Assert.Empty(await VolunteersAsync(app));
        Assert.Empty(await AuditAsync(app, AuditActions.VolunteerApplied));
        Assert.Empty(app.Mail.Messages);
    }

    [Fact]
    public async Task BadInput_MissingAnswers_AreEachExplained()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Tomby");
        using var client = app.Client();

        var response = await client.PostFormAsync(Url, [new("Input.AssociationId", association.ToString()), new("Input.MaxTravelKm", "201"), new("Input.Motivation", new string('x', 1001))]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = FieldErrors(await Html.ParseAsync(response));
        Assert.Equal("Skriv e-postadressen din.", errors["Input_Email"]);
        Assert.Equal("Skriv telefonnummeret ditt.", errors["Input_Phone"]);
        Assert.Equal("Skriv fødselsdatoen din.", errors["Input_BirthDate"]);
        Assert.Equal("Svar på om du er kvinne.", errors["Input_IsWoman"]);
        Assert.Equal("Skriv postnummeret ditt.", errors["Input_PostalCode"]);
        Assert.Equal("Kryss av for minst én tid som passer.", errors["Input_Availability"]);
        Assert.Equal("Skriv et antall kilometer fra 1 til 200.", errors["Input_MaxTravelKm"]);
        Assert.Equal("Teksten kan ha høyst 1000 tegn. Gjør den litt kortere.", errors["Input_Motivation"]);
        Assert.Empty(await VolunteersAsync(app));
        Assert.Empty(app.Mail.Messages);
    }

    [Fact]
    public async Task TheDayBeforeHer25thBirthday_NothingIsStoredOrSent_AndThePageExplainsWhyKindly_OnTheBirthdaySheIsAccepted()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Alderby");
        using var client = app.Client();
        var auditBefore = await AuditCountAsync(app);

        var refused = await client.PostFormAsync(Url, Valid(association, TurnsTwentyFiveTomorrow));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        var explanation = page.QuerySelector("#not-eligible")?.TextContent ?? string.Empty;
        Assert.Contains("Du må ha fylt 25 år for å bli ressursvenn", explanation, StringComparison.Ordinal);
        Assert.Contains("kan du søke fra 26.11.2026", explanation, StringComparison.Ordinal);
        Assert.Contains("Vi har ikke lagret noe av det du skrev", explanation, StringComparison.Ordinal);
        // An explanation, not a form error; and nothing she typed is shown again.
        Assert.Null(page.QuerySelector(".rv-error-summary"));
        Assert.Null(page.QuerySelector("form[method=post] input[name='Input.Name']"));
        Assert.DoesNotContain(Name, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Empty(await VolunteersAsync(app));
        Assert.Equal(auditBefore, await AuditCountAsync(app));
        Assert.Empty(app.Mail.Messages);

        // The next day (Oslo) she has turned 25.
        app.Clock.Advance(TimeSpan.FromDays(1));
        var accepted = await client.PostFormAsync(Url, Valid(association, TurnsTwentyFiveTomorrow));
        Assert.True(accepted.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", Html.ErrorMessages(await Html.ParseAsync(accepted))));
        Assert.Equal(TurnsTwentyFiveTomorrow, Assert.Single(await VolunteersAsync(app)).BirthDate);
        Assert.Single(app.Mail.Messages);
    }

    [Fact]
    public async Task SomeoneWhoIsNotAWoman_NothingIsStoredOrSent_AndThePageExplainsWhyKindly()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Kjønnsby");
        using var client = app.Client();
        var auditBefore = await AuditCountAsync(app);

        // Even with other fields wrong, the answer is the explanation, not a list of errors.
        var response = await client.PostFormAsync(Url, With(Valid(association, new DateOnly(1980, 5, 17)), ("Input.IsWoman", "false"), ("Input.Phone", "12ab")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        var explanation = page.QuerySelector("#not-eligible")?.TextContent ?? string.Empty;
        Assert.Contains("bare kvinner kan være ressursvenner", explanation, StringComparison.Ordinal);
        Assert.Contains("Vi har ikke lagret noe av det du skrev, og vi sender ingen e-post.", explanation, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector(".rv-error-summary"));
        Assert.DoesNotContain(Name, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await VolunteersAsync(app));
        Assert.Equal(auditBefore, await AuditCountAsync(app));
        Assert.Empty(app.Mail.Messages);
    }

    [Fact]
    public async Task ThePostalCode_SuggestsTheAssociationCoveringHerMunicipality_WithoutJavaScript()
    {
        await using var app = await TestApp.CreateAsync();
        var (oslo, _) = await app.CreateOrganisationAsync("Oslo");
        var (bergen, _) = await app.CreateOrganisationAsync("Bergen", "4601", "46");
        var closed = await InactiveAssociationAsync(app, "Nedlagt sanitetsforening");
        using var client = app.Client();

        // Before any postal code: every active association, by name; the closed one is not offered.
        var empty = await client.GetDocumentAsync(Url);
        Assert.Equal([bergen.ToString(), oslo.ToString()], Radios(empty));
        Assert.DoesNotContain(closed.ToString(), Radios(empty));

        // "Finn foreningen" with an Oslo postal code: Oslo first and chosen, no complaints about the empty fields.
        var found = await Html.ParseAsync(await client.PostFormAsync(Url, [new("Input.PostalCode", "0150"), new("Input.Name", Name)], FindUrl));
        Assert.Equal([oslo.ToString(), bergen.ToString()], Radios(found));
        Assert.Equal([oslo.ToString()], Checked(found, "Input.AssociationId"));
        Assert.Contains("Oslo sanitetsforening (dekker kommunen din)", found.QuerySelector("#Input_AssociationId")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Vi har funnet foreningen som dekker kommunen din", found.Body!.TextContent, StringComparison.Ordinal);
        Assert.Empty(Html.ErrorMessages(found));
        Assert.Equal(Name, Html.InputValue(found, "Input.Name"));

        // A Bergen postal code suggests Bergen; a choice she has made already is kept.
        var bergenFound = await Html.ParseAsync(await client.PostFormAsync(Url, [new("Input.PostalCode", "5003")], FindUrl));
        Assert.Equal([bergen.ToString()], Checked(bergenFound, "Input.AssociationId"));
        var kept = await Html.ParseAsync(await client.PostFormAsync(Url, [new("Input.PostalCode", "5003"), new("Input.AssociationId", oslo.ToString())], FindUrl));
        Assert.Equal([oslo.ToString()], Checked(kept, "Input.AssociationId"));

        // An unknown postal code: a clear message, nothing chosen.
        var unknown = await Html.ParseAsync(await client.PostFormAsync(Url, [new("Input.PostalCode", "0000")], FindUrl));
        Assert.Equal(["Vi finner ikke dette postnummeret. Sjekk at det er riktig."], FieldErrors(unknown).Values);
        Assert.Empty(Checked(unknown, "Input.AssociationId"));

        // Sending the whole form without choosing: it comes back with the suggestion chosen, and the next send stores it.
        var unchosen = Valid(oslo, new DateOnly(1980, 5, 17)).Where(f => f.Key != "Input.AssociationId").ToList();
        var back = await Html.ParseAsync(await client.PostFormAsync(Url, unchosen));
        Assert.Equal([oslo.ToString()], Checked(back, "Input.AssociationId"));
        Assert.Equal("Vi har valgt foreningen som dekker kommunen din. Se at den stemmer, og send søknaden.", FieldErrors(back)["Input_AssociationId"]);
        Assert.Empty(await VolunteersAsync(app));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(Url, With(unchosen, ("Input.AssociationId", Checked(back, "Input.AssociationId")[0])))).StatusCode);
        Assert.Equal(oslo, Assert.Single(await VolunteersAsync(app)).AssociationId);

        // An association that is not offered is refused.
        var refused = await Html.ParseAsync(await client.PostFormAsync(Url, Valid(closed, new DateOnly(1980, 5, 17))));
        Assert.Equal("Velg et av alternativene i listen.", FieldErrors(refused)["Input_AssociationId"]);
        Assert.Single(await VolunteersAsync(app));
    }

    [Fact]
    public async Task ThePage_IsOpenToAnonymousVisitors_WithQuickExit_WhatIsStored_AndAnAccessibleAvailabilityGrid()
    {
        await using var app = await TestApp.CreateAsync();
        await app.CreateOrganisationAsync("Åpenby");
        using var client = app.Client();

        var response = await client.GetUrlAsync(Url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Bli frivillig – Sanitetskvinnene", page.Title);
        Assert.Equal("Bli ressursvenn", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("a[data-quick-exit]"));
        var text = page.Body!.TextContent;
        Assert.Contains("Hva vi lagrer, og hvorfor", text, StringComparison.Ordinal);
        Assert.Contains("aldri en kopi eller et bilde av attesten", text, StringComparison.Ordinal);
        Assert.Contains("3–4 ganger i måneden i 9–12 måneder", text, StringComparison.Ordinal);

        // The grid: 7 days × 3 parts, every checkbox named by its row and column headers.
        var table = page.QuerySelector("table.rv-availability")!;
        Assert.Equal(4, table.QuerySelectorAll("thead th[scope=col]").Length);
        Assert.Equal(7, table.QuerySelectorAll("tbody th[scope=row]").Length);
        var boxes = table.QuerySelectorAll("input[type=checkbox][name='Input.Availability']").Cast<IHtmlInputElement>().ToList();
        Assert.Equal(Enumerable.Range(0, 21).Select(i => i.ToString(CultureInfo.InvariantCulture)), boxes.Select(b => b.Value));
        Assert.All(boxes, b => Assert.All(b.GetAttribute("aria-labelledby")!.Split(' '), id => Assert.NotNull(page.GetElementById(id))));
        Assert.Equal("day-1 part-2", boxes[5].GetAttribute("aria-labelledby"));
        Assert.Equal("Tirsdag", page.GetElementById("day-1")!.TextContent);
        Assert.Equal("Kveld", page.GetElementById("part-2")!.TextContent);

        Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/bli-ressursvenn/takk")).StatusCode);
    }

    [Fact]
    public async Task ThePublicForm_IsRateLimited_429WithRetryAfter_ButThePageCanStillBeRead()
    {
        await using var app = await TestApp.CreateAsync(new Dictionary<string, string?> { ["RateLimits:PublicFormPermitPerMinute"] = "3" });
        var (association, _) = await app.CreateOrganisationAsync("Grenseby");
        using var client = app.Client();
        var token = await client.AntiforgeryTokenAsync(Url);
        var fields = With(Valid(association, new DateOnly(1980, 5, 17)), ("Input.Phone", "12ab")).Append(new("__RequestVerificationToken", token)).ToList();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostRawFormAsync(i == 1 ? FindUrl : Url, fields)).StatusCode);
        }

        var limited = await client.PostRawFormAsync(Url, With(fields, ("Input.Phone", Phone)));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Header("Retry-After");
        Assert.True(int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds), $"Retry-After '{retryAfter}' is not whole seconds");
        Assert.InRange(seconds, 1, 60);
        Assert.Empty(await VolunteersAsync(app));
        Assert.Empty(app.Mail.Messages);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync(Url)).StatusCode);
        }
    }

    // ---- Helpers ------------------------------------------------------------------------------------------------

    /// <summary>A complete, valid application to the association, with the given birth date.</summary>
    private static List<KeyValuePair<string, string>> Valid(Guid association, DateOnly born) =>
    [
        new("Input.Name", Name),
        new("Input.Email", Email),
        new("Input.Phone", Phone),
        new("Input.BirthDate", born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        new("Input.IsWoman", "true"),
        new("Input.PostalCode", "0150"),
        new("Input.AssociationId", association.ToString()),
        new("Input.MaxTravelKm", "35"),
        new("Input.Availability", "0"),
        new("Input.Availability", "5"),
        new("Input.Availability", "20"),
        new("Input.Languages", "nb"),
        new("Input.Languages", "ar"),
        new("Input.Interests", "walks"),
        new("Input.Interests", "coffee"),
        new("Input.Motivation", Motivation),
        new("Input.Experience", "Besøksvenn i fem år."),
        new("Input.Commitment", "true"),
        new("Input.Commitment", "false"),
    ];

    /// <summary>The fields with some replaced (every value of a replaced name goes).</summary>
    private static List<KeyValuePair<string, string>> With(IEnumerable<KeyValuePair<string, string>> fields, params (string Key, string Value)[] changes)
    {
        var result = fields.Where(f => !changes.Any(c => c.Key == f.Key)).ToList();
        result.AddRange(changes.Select(c => new KeyValuePair<string, string>(c.Key, c.Value)));
        return result;
    }

    /// <summary>The message beside each field, by the field's (or fieldset's) id.</summary>
    private static Dictionary<string, string> FieldErrors(IHtmlDocument page) =>
        page.QuerySelectorAll(".rv-field-error[id$='-error']")
            .ToDictionary(e => e.Id![..^"-error".Length], e => e.TextContent.Trim(), StringComparer.Ordinal);

    private static List<string> Checked(IHtmlDocument page, string name) =>
        page.QuerySelectorAll($"input[name='{name}']").Cast<IHtmlInputElement>().Where(i => i.IsChecked).Select(i => i.Value).ToList();

    private static List<string> Radios(IHtmlDocument page) =>
        page.QuerySelectorAll("input[type=radio][name='Input.AssociationId']").Cast<IHtmlInputElement>().Select(i => i.Value).ToList();

    private static async Task<List<Volunteer>> VolunteersAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Volunteers.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<List<AuditEntry>> AuditAsync(TestApp app, string action)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == action).ToListAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<int> AuditCountAsync(TestApp app)
    {
        await using var scope = app.Services.CreateSystemScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.CountAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<Guid> InactiveAssociationAsync(TestApp app, string name)
    {
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var association = new LocalAssociation { Name = name, CountyCode = "03", Active = false, Municipalities = [new() { MunicipalityCode = "0301" }] };
        db.Associations.Add(association);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return association.Id;
    }
}
