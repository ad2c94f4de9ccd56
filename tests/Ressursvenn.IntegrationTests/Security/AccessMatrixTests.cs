using System.Net;
using System.Text;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Security;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>
/// The access matrix (SR4, SR6): every endpoint the app maps, asked by every role, answers what its declared
/// policies say. It reads the endpoints from the running app, so a new page is covered the day it is added:
/// anonymous → sent to log in, a role the policies do not admit → 404 (never 403, so a denied page looks exactly
/// like a missing one), an admitted role → the page.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixFixture fixture) : IClassFixture<AccessMatrixFixture>
{
    [Fact]
    public void EveryEndpoint_HasANamedPolicyOrIsOnThePublicAllowList()
    {
        var endpoints = fixture.Endpoints;
        var patterns = endpoints.Select(e => e.Pattern).ToHashSet(StringComparer.Ordinal);
        // The enumeration itself must see pages of every kind and the non-page endpoints.
        Assert.Superset(new HashSet<string>(["/", "/konto", "/admin/foreninger", "/admin/bruker/{id:guid}", "/health"], StringComparer.Ordinal), patterns);

        var problems = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var listed = AccessMatrixFixture.PublicPatterns.Contains(endpoint.Pattern, StringComparer.Ordinal);
            if (endpoint.AllowsAnonymous)
            {
                if (!listed)
                {
                    problems.Add($"{endpoint.Pattern} ({endpoint.DisplayName}) allows anonymous access but is not on the public allow-list");
                }

                continue;
            }

            if (listed)
            {
                problems.Add($"{endpoint.Pattern} is on the public allow-list but does not allow anonymous access");
            }

            if (endpoint.AuthorizeData.Count == 0)
            {
                problems.Add($"{endpoint.Pattern} ({endpoint.DisplayName}) has no authorization policy");
            }

            foreach (var data in endpoint.AuthorizeData)
            {
                if (data.Policy is null || !Policies.RolesByPolicy.ContainsKey(data.Policy))
                {
                    problems.Add($"{endpoint.Pattern} has an authorization requirement that is not a named policy of Policies.RolesByPolicy: policy '{data.Policy ?? "(none)"}'");
                }

                if (!string.IsNullOrEmpty(data.Roles) || !string.IsNullOrEmpty(data.AuthenticationSchemes))
                {
                    problems.Add($"{endpoint.Pattern} names roles or schemes directly ('{data.Roles}', '{data.AuthenticationSchemes}'); use a named policy");
                }
            }
        }

        foreach (var pattern in AccessMatrixFixture.PublicPatterns.Where(p => !patterns.Contains(p)))
        {
            problems.Add($"{pattern} is on the public allow-list but no such endpoint exists (remove it from the list)");
        }

        foreach (var pattern in fixture.RealIds.Keys.Concat(AccessMatrixFixture.DesignAnswers.Keys).Where(p => !patterns.Contains(p)))
        {
            problems.Add($"{pattern} is named by the access matrix but no such endpoint exists");
        }

        Assert.True(problems.Count == 0, "Endpoints breaking deny-by-default (SR4):\n  " + string.Join("\n  ", problems)
            + "\n\nAll endpoints:\n  " + string.Join("\n  ", endpoints.Select(e => $"{e.Pattern}  anonymous={e.AllowsAnonymous}  policies=[{string.Join(", ", e.Policies)}]")));
    }

    [Fact]
    public async Task EveryGetEndpoint_AnswersEveryRoleAsItsPoliciesSay()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Empty(fixture.UnfillableParameters);
        var missingHeading = new Dictionary<string, string>(StringComparer.Ordinal);
        var missingApiBody = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var actor in fixture.Actors)
        {
            // What a page that does not exist looks like to this actor: a denied page must look the same. A visitor
            // is sent to log in for a missing page exactly as for a protected one. The JSON API answers in JSON: there
            // a denied or missing record must look exactly like an API route that does not exist.
            using var missing = await fixture.Client(actor).GetAsync(new Uri("/finnes-ikke-" + Guid.NewGuid().ToString("N"), UriKind.Relative), ct);
            using var missingApi = await fixture.Client(actor).GetAsync(new Uri("/api/v1/finnes-ikke-" + Guid.NewGuid().ToString("N"), UriKind.Relative), ct);
            if (actor.User is null)
            {
                Assert.True(Outcome.IsLoginChallenge(missing), $"A missing page gave the visitor {Outcome.Describe(missing)}");
                Assert.True(missingApi.StatusCode == HttpStatusCode.Unauthorized, $"A missing API route gave the visitor {Outcome.Describe(missingApi)}");
                continue;
            }

            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, missingApi.StatusCode);
            missingHeading[actor.Name] = await HeadingAsync(missing);
            missingApiBody[actor.Name] = await missingApi.Content.ReadAsStringAsync(ct);
        }

        var table = new ResultTable(fixture.Actors);
        foreach (var probe in fixture.Probes)
        {
            foreach (var actor in fixture.Actors)
            {
                var sessionEnding = AccessMatrixFixture.SessionEnding.Contains(probe.Endpoint.Pattern, StringComparer.Ordinal);
                var client = sessionEnding ? await fixture.NewClientAsync(actor) : fixture.Client(actor);
                using var response = await client.GetAsync(new Uri(probe.Url, UriKind.Relative), ct);
                var expected = ExpectGet(probe, actor);
                var problem = expected.Check(response);
                if (problem is null && response.StatusCode == HttpStatusCode.NotFound && probe.Endpoint.IsApi)
                {
                    if (missingApiBody.TryGetValue(actor.Name, out var body) && await response.Content.ReadAsStringAsync(ct) != body)
                    {
                        problem = "a 404 that does not look like a missing API route";
                    }
                }
                else if (problem is null && response.StatusCode == HttpStatusCode.NotFound && missingHeading.TryGetValue(actor.Name, out var heading)
                    && await HeadingAsync(response) != heading)
                {
                    problem = "a 404 that does not look like a missing page";
                }

                table.Add(probe.Url + KindSuffix(probe), actor, Outcome.Describe(response), problem is null ? null : $"expected {expected.Text}: {problem}");
                if (sessionEnding)
                {
                    client.Dispose();
                }
            }
        }

        var ended = await EndedSessionsAsync(ct);
        TestContext.Current.TestOutputHelper?.WriteLine(table.Render("GET access matrix"));
        Assert.True(table.Failures == 0 && ended.Count == 0, table.Render($"GET access matrix: {table.Failures} unexpected answers") + string.Join('\n', ended));
        Assert.True(table.Rows >= 20, table.Render("The matrix found suspiciously few GET endpoints"));
    }

    [Fact]
    public async Task PlantedNamesOfAssociationA_NeverReachAnotherAssociationCentreVolunteerOrAnonymous()
    {
        var ct = TestContext.Current.CancellationToken;

        // The planted names are really there for the people entitled to them, so their absence below means something.
        await AssertContainsAsync(fixture.Actor("admin"), "/admin/foreninger", AccessMatrixFixture.PlantedAssociation);
        await AssertContainsAsync(fixture.Actor("admin"), "/admin/brukere", AccessMatrixFixture.PlantedCoordinator);
        await AssertContainsAsync(fixture.Actor("admin"), "/admin/krisesentre", AccessMatrixFixture.PlantedCentre);
        await AssertContainsAsync(fixture.Actor("coord-A"), "/", AccessMatrixFixture.PlantedAssociation);
        await AssertContainsAsync(fixture.Actor("coord-A"), "/", AccessMatrixFixture.PlantedCoordinator);
        await AssertContainsAsync(fixture.Actor("staff-X"), "/", AccessMatrixFixture.PlantedCentre);

        await AssertContainsAsync(fixture.Actor("coord-A"), "/deltakere", AccessMatrixFixture.PlantedParticipant);
        await AssertContainsAsync(fixture.Actor("coord-A"), $"/deltaker/{fixture.ParticipantId}", AccessMatrixFixture.PlantedParticipantPhone);
        await AssertContainsAsync(fixture.Actor("coord-A"), "/frivillige", AccessMatrixFixture.PlantedVolunteer);
        await AssertContainsAsync(fixture.Actor("coord-A"), $"/frivillig/{fixture.VolunteerId}", AccessMatrixFixture.PlantedVolunteer);
        await AssertContainsAsync(fixture.Actor("coord-A"), "/samlinger", AccessMatrixFixture.PlantedGatheringPlace);
        await AssertContainsAsync(fixture.Actor("coord-A"), $"/samling/{fixture.GatheringId}", AccessMatrixFixture.PlantedGatheringPlace);

        // What a public page shows by design is really shown (so the exception below is not a stale one).
        foreach (var (pattern, shown) in AccessMatrixFixture.ShownByDesign)
        {
            foreach (var name in shown.Names)
            {
                await AssertContainsAsync(fixture.Anonymous, pattern, name);
            }
        }

        var observers = new[] { "anonymous", "coord-B", "staff-Y", "volunteer" }.Select(fixture.Actor).ToList();
        var leaks = new List<string>();
        var requests = 0;
        foreach (var probe in fixture.Probes)
        {
            foreach (var actor in observers)
            {
                var sessionEnding = AccessMatrixFixture.SessionEnding.Contains(probe.Endpoint.Pattern, StringComparer.Ordinal);
                var client = sessionEnding ? await fixture.NewClientAsync(actor) : fixture.Client(actor);
                using var response = await client.GetAsync(new Uri(probe.Url, UriKind.Relative), ct);
                requests++;
                var seen = await response.Content.ReadAsStringAsync(ct) + "\n" + response.Headers.Location + "\n" + string.Join('\n', response.Headers.Select(h => string.Join(',', h.Value)));
                foreach (var name in AccessMatrixFixture.PlantedNames.Where(n => seen.Contains(n, StringComparison.OrdinalIgnoreCase)
                             && !AccessMatrixFixture.IsShownByDesign(probe.Endpoint.Pattern, n)))
                {
                    leaks.Add($"{actor.Name} GET {probe.Url} ({(int)response.StatusCode}) shows \"{name}\"");
                }

                if (sessionEnding)
                {
                    client.Dispose();
                }
            }
        }

        Assert.True(requests >= observers.Count * 20, $"Only {requests} requests were made");
        Assert.True(leaks.Count == 0, "Planted names of association A reached people outside it (SR6):\n  " + string.Join("\n  ", leaks));
    }

    [Fact]
    public async Task ThePlantedParticipant_ReachesNobodyButHerAssociationsCoordinators()
    {
        // Inside her association's world too: the referring centre sees a status only, the national admin nothing
        // without break-glass, the privacy officer no case content.
        var ct = TestContext.Current.CancellationToken;
        var secrets = new[] { AccessMatrixFixture.PlantedParticipant, AccessMatrixFixture.PlantedParticipantPhone };
        var leaks = new List<string>();
        foreach (var actor in fixture.Actors.Where(a => a.Name is not "coord-A"))
        {
            foreach (var probe in fixture.Probes.Where(p => !AccessMatrixFixture.SessionEnding.Contains(p.Endpoint.Pattern, StringComparer.Ordinal)))
            {
                using var response = await fixture.Client(actor).GetAsync(new Uri(probe.Url, UriKind.Relative), ct);
                var seen = await response.Content.ReadAsStringAsync(ct);
                leaks.AddRange(secrets.Where(s => seen.Contains(s, StringComparison.OrdinalIgnoreCase)).Select(s => $"{actor.Name} GET {probe.Url} shows \"{s}\""));
            }
        }

        Assert.True(leaks.Count == 0, "The planted participant reached someone other than her coordinators:\n  " + string.Join("\n  ", leaks));
    }

    [Fact]
    public async Task NoPageOrEndpoint_ShowsAnyoneAStoredCiphertext()
    {
        // A value still in its stored form ("ev1.<key>.<data>", or a blind index "bi1.…") on a page means it was read
        // past the decryption (or copied raw into a view model): never shown, to anyone, her own coordinators included.
        var ct = TestContext.Current.CancellationToken;
        var shown = new List<string>();
        var requests = 0;
        foreach (var actor in fixture.Actors)
        {
            foreach (var probe in fixture.Probes.Where(p => !AccessMatrixFixture.SessionEnding.Contains(p.Endpoint.Pattern, StringComparer.Ordinal)))
            {
                using var response = await fixture.Client(actor).GetAsync(new Uri(probe.Url, UriKind.Relative), ct);
                requests++;
                var body = await response.Content.ReadAsStringAsync(ct);
                if (body.Contains(FieldCipher.Prefix, StringComparison.Ordinal) || body.Contains(BlindIndexLookupNormalizer.Prefix, StringComparison.Ordinal))
                {
                    shown.Add($"{actor.Name} GET {probe.Url} ({(int)response.StatusCode})");
                }
            }
        }

        Assert.True(requests >= fixture.Actors.Count * 20, $"Only {requests} requests were made");
        Assert.True(shown.Count == 0, "Stored ciphertext or blind index shown:\n  " + string.Join("\n  ", shown));
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_IsRefusedOnEveryPage_ForEveryRole()
    {
        var ct = TestContext.Current.CancellationToken;
        var missing = new Dictionary<string, Expectation>(StringComparer.Ordinal);
        foreach (var actor in fixture.Actors.Where(a => a.User is not null))
        {
            // A denied page must answer a post as a missing page does. Both are refused: 404, or 400 when the
            // not-found page itself (re-executed for the same post) refuses the missing token.
            using var response = await PostWithoutTokenAsync(actor, "/finnes-ikke-" + Guid.NewGuid().ToString("N"), ct);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"A post to a missing page gave {actor.Name} {Outcome.Describe(response)}");
            missing[actor.Name] = Expectation.Status((int)response.StatusCode, "role not admitted: as a missing page");
        }

        // Every page checks the token, except the few on the exempt list (which change nothing).
        var unguarded = fixture.Endpoints.Where(e => e.IsPage && e.IgnoresAntiforgery && !AccessMatrixFixture.AntiforgeryExempt.ContainsKey(e.Pattern)).ToList();
        Assert.True(unguarded.Count == 0, "Pages that ignore the antiforgery token (SR14): " + string.Join(", ", unguarded.Select(e => e.Pattern)));
        Assert.All(AccessMatrixFixture.AntiforgeryExempt.Keys, p => Assert.Contains(fixture.Endpoints, e => e.Pattern == p && e.IgnoresAntiforgery));

        var table = new ResultTable(fixture.Actors);
        var pages = fixture.Probes.Where(p => p.Endpoint.IsPage).ToList();
        Assert.NotEmpty(pages);
        foreach (var probe in pages)
        {
            foreach (var actor in fixture.Actors)
            {
                using var response = await PostWithoutTokenAsync(actor, probe.Url, ct);
                var expected = actor.User is not null && !probe.Endpoint.Admits(actor.Role!) ? missing[actor.Name] : ExpectPost(probe, actor);
                var problem = expected.Check(response);
                table.Add(probe.Url + KindSuffix(probe), actor, Outcome.Describe(response), problem is null ? null : $"expected {expected.Text}: {problem}");
            }
        }

        // Not one of those posts changed anything: in particular no logout went through without a token.
        var ended = await EndedSessionsAsync(ct);
        TestContext.Current.TestOutputHelper?.WriteLine(table.Render("POST without antiforgery token"));
        Assert.True(table.Failures == 0 && ended.Count == 0, table.Render($"POST without antiforgery token: {table.Failures} unexpected answers (SR14)") + string.Join('\n', ended));
    }

    private static Expectation ExpectGet(Probe probe, Actor actor)
    {
        if (Denied(probe.Endpoint, actor) is { } denied)
        {
            return denied;
        }

        return probe.Kind switch
        {
            ProbeKind.RandomId => Expectation.Status(404, "random id"),
            ProbeKind.RealId when probe.Owners is { } owners && !owners.Contains(actor.Name) => Expectation.Status(404, "someone else's record"),
            ProbeKind.RealId => Expectation.Status(200, "real record"),
            ProbeKind.Design => Expectation.Status(probe.DesignStatus, probe.DesignReason!),
            _ => Expectation.Served,
        };
    }

    private async Task<HttpResponseMessage> PostWithoutTokenAsync(Actor actor, string url, CancellationToken ct)
    {
        using var content = new FormUrlEncodedContent([new("Input.Name", "x"), new("culture", "en"), new("returnUrl", "/")]);
        return await fixture.Client(actor).PostAsync(new Uri(url, UriKind.Relative), content, ct);
    }

    private static Expectation ExpectPost(Probe probe, Actor actor) =>
        Denied(probe.Endpoint, actor)
        ?? (probe.Endpoint.IgnoresAntiforgery ? ExpectGet(probe, actor) : Expectation.Status(400, "no antiforgery token"));

    /// <summary>The answer to someone the endpoint does not admit, or null when it admits her.</summary>
    private static Expectation? Denied(EndpointInfo endpoint, Actor actor)
    {
        if (actor.Role is null)
        {
            return endpoint.IsPublic ? null : endpoint.IsApi ? Expectation.Status(401, "anonymous API call") : Expectation.Challenge;
        }

        return endpoint.Admits(actor.Role) ? null : Expectation.Status(404, "role not admitted");
    }

    private static string KindSuffix(Probe probe) => probe.Kind switch
    {
        ProbeKind.RandomId => "  (random id)",
        ProbeKind.RealId => "  (real id)",
        _ => string.Empty,
    };

    private static async Task<string> HeadingAsync(HttpResponseMessage response) =>
        (await Html.ParseAsync(response)).QuerySelector("h1")?.TextContent.Trim() ?? string.Empty;

    private async Task AssertContainsAsync(Actor actor, string url, string text)
    {
        using var response = await fixture.Client(actor).GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(text, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>Shared clients that are no longer logged in: a request of the matrix ended a session by a side door.</summary>
    private async Task<List<string>> EndedSessionsAsync(CancellationToken ct)
    {
        var ended = new List<string>();
        foreach (var actor in fixture.Actors.Where(a => a.User is not null))
        {
            using var response = await fixture.Client(actor).GetAsync(new Uri("/konto", UriKind.Relative), ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                ended.Add($"The session of {actor.Name} ended during the matrix: GET /konto gave {Outcome.Describe(response)}");
            }
        }

        return ended;
    }

    private sealed record Expectation(string Text, Func<HttpResponseMessage, string?> Check)
    {
        public static readonly Expectation Challenge = new("302 to /logg-inn?ReturnUrl=...", r => Outcome.IsLoginChallenge(r) ? null : "not sent to log in");

        /// <summary>The page itself: 200, or a redirect that is part of the page's design (never to log in, never an error).</summary>
        public static readonly Expectation Served = new("200 or a designed redirect", r =>
            Outcome.IsLoginChallenge(r) ? "sent to log in"
            : r.StatusCode == HttpStatusCode.OK || (int)r.StatusCode is 301 or 302 or 303 or 307 or 308 ? null
            : "not served");

        public static Expectation Status(int code, string why) =>
            new($"{code} ({why})", r => (int)r.StatusCode == code && !Outcome.IsLoginChallenge(r) ? null : "wrong status");
    }

    /// <summary>Rows of URLs, a column per actor; failed cells are marked with '!' and explained below the table.</summary>
    private sealed class ResultTable(IReadOnlyList<Actor> actors)
    {
        private readonly List<(string Url, Dictionary<string, string> Cells)> rows = [];
        private readonly List<string> failures = [];

        public int Failures => failures.Count;

        public int Rows => rows.Count;

        public void Add(string url, Actor actor, string outcome, string? problem)
        {
            if (rows.Count == 0 || rows[^1].Url != url)
            {
                rows.Add((url, new Dictionary<string, string>(StringComparer.Ordinal)));
            }

            rows[^1].Cells[actor.Name] = problem is null ? outcome : outcome + "!";
            if (problem is not null)
            {
                failures.Add($"{url} as {actor.Name}: got {outcome}, {problem}");
            }
        }

        public string Render(string title)
        {
            var width = Math.Max(10, rows.Count == 0 ? 10 : rows.Max(r => r.Url.Length)) + 2;
            var columns = actors.Select(a => Math.Max(a.Name.Length, 13) + 2).ToList();
            var text = new StringBuilder().AppendLine(title).AppendLine();
            text.Append("endpoint".PadRight(width));
            for (var i = 0; i < actors.Count; i++)
            {
                text.Append(actors[i].Name.PadRight(columns[i]));
            }

            text.AppendLine();
            foreach (var (url, cells) in rows)
            {
                text.Append(url.PadRight(width));
                for (var i = 0; i < actors.Count; i++)
                {
                    text.Append(cells.GetValueOrDefault(actors[i].Name, "-").PadRight(columns[i]));
                }

                text.AppendLine();
            }

            text.AppendLine().AppendLine($"{rows.Count} URLs x {actors.Count} actors. 302L = sent to log in; ! = unexpected.");
            foreach (var failure in failures)
            {
                text.Append("  ").AppendLine(failure);
            }

            return text.ToString();
        }
    }
}
