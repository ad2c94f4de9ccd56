using System.Net.Http.Json;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Api;

public sealed class ZzScratchTests
{
    [Fact]
    public async Task Dump()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (a, c) = await app.CreateOrganisationAsync("S");
        using var staff = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: c));
        using var coord = await app.LoggedInClientAsync(await app.CreateUserAsync(Roles.Coordinator, [a]));
        var token = (await (await staff.GetAsync(new Uri("/api/v1/antiforgery", UriKind.Relative), ct)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("token").GetString();
        var outp = new System.Text.StringBuilder();
        async Task Post(HttpClient cl, string url, string json, string? tok)
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
            if (tok is not null) req.Headers.Add("RequestVerificationToken", tok);
            using var r = await cl.SendAsync(req, ct);
            outp.AppendLine($"POST {url} {json} -> {(int)r.StatusCode} {r.Content.Headers.ContentType} {r.Headers.Location}\n{await r.Content.ReadAsStringAsync(ct)}\n");
        }
        async Task Get(HttpClient cl, string url)
        {
            using var r = await cl.GetAsync(new Uri(url, UriKind.Relative), ct);
            var body = await r.Content.ReadAsStringAsync(ct);
            outp.AppendLine($"GET {url} -> {(int)r.StatusCode} {r.Content.Headers.ContentType} etag={r.Headers.ETag}\n{(body)}\n");
        }
        await Post(staff, "/api/v1/referrals", "{\"name\":\"Kari\",\"unknown\":1}", token);
        await Post(staff, "/api/v1/referrals", "{\"name\":\"Kari\",\"languages\":null}", token);
        await Post(staff, "/api/v1/referrals", "{\"name\":\"Kari\",\"channel\":1}", token);
        await Post(staff, "/api/v1/referrals", "{\"name\":\"Kari\",", token);
        await Post(staff, "/api/v1/referrals", "null", token);
        await Post(staff, "/api/v1/referrals", "{}", token);
        await Post(staff, "/api/v1/referrals", $"{{\"name\":\"Kari\",\"phone\":\"12345678\",\"municipalityCode\":\"0301\",\"associationId\":\"{a}\",\"consents\":{{\"registration\":true}}}}", token);
        await Post(staff, "/api/v1/referrals", "{}", null);
        await Get(staff, "/api/v1/referrals");
        await Get(coord, "/api/v1/referrals");
        await Get(coord, "/api/v1/participants");
        await Get(coord, "/api/v1/participants/" + Guid.NewGuid());
        await Get(coord, "/api/v1/nope");
        await Get(app.Client(), "/api/v1/referrals");
        await Get(coord, "/openapi/v1.json");
        await File.WriteAllTextAsync("/tmp/rv-api/dump.txt", outp.ToString(), ct);
    }
}
