using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>Someone the access matrix sends requests as: a role (null for anonymous) and, for the signed-in ones, her account.</summary>
public sealed record Actor(string Name, string? Role, TestUser? User);

/// <summary>One endpoint as the app declares it: its route pattern and the authorization metadata it carries.</summary>
public sealed record EndpointInfo(
    string Pattern, string DisplayName, bool AllowsAnonymous, IReadOnlyList<IAuthorizeData> AuthorizeData, bool IsPage, bool AcceptsGet, bool IgnoresAntiforgery)
{
    public bool IsApi => Pattern.StartsWith("/api/", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> Policies => AuthorizeData.Select(a => a.Policy ?? "(default policy)").Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Open to everyone: it allows anonymous access and is on the test's own public allow-list.</summary>
    public bool IsPublic => AllowsAnonymous && AccessMatrixFixture.PublicPatterns.Contains(Pattern, StringComparer.Ordinal);

    /// <summary>
    /// Whether a signed-in user of this role may get in: a public endpoint admits everyone, any other needs every
    /// policy on it to admit the role. An anonymous endpoint that is not on the allow-list is judged by its policies,
    /// so the matrix fails on it as well.
    /// </summary>
    public bool Admits(string role) =>
        IsPublic || (AuthorizeData.Count > 0 && AuthorizeData.All(a => a.Policy is { } p
            && Ressursvenn.Web.Security.Policies.RolesByPolicy.TryGetValue(p, out var roles) && roles.Contains(role)));
}

public enum ProbeKind
{
    /// <summary>A route without parameters (or an optional one left out): the page as it is.</summary>
    Plain,

    /// <summary>A {id:guid} filled with a random id: nobody may find anything there.</summary>
    RandomId,

    /// <summary>A {id:guid} filled with the id of a record made by the fixture: admitted roles see it.</summary>
    RealId,

    /// <summary>A page whose answer to a plain GET is fixed by design (see <see cref="AccessMatrixFixture.DesignAnswers"/>).</summary>
    Design,
}

/// <summary>One URL the matrix requests: an endpoint with its route parameters filled in.</summary>
/// <param name="Owners">For a real record: the actors it belongs to; every other admitted actor must get 404 (null: all admitted).</param>
public sealed record Probe(EndpointInfo Endpoint, string Url, ProbeKind Kind, int DesignStatus = 0, string? DesignReason = null, IReadOnlyList<string>? Owners = null);

/// <summary>
/// One app with two associations (A with crisis centre X, B with crisis centre Y), a user of every role and a
/// logged-in client for each, shared by the access-matrix tests (logging in costs a password hash and a code).
/// Association A holds recognisable planted names that nobody outside A and the national office may see.
/// </summary>
public class AccessMatrixFixture : IAsyncLifetime
{
    public const string PlantedAssociation = "Plantet Forening A-7d3f";
    public const string PlantedCoordinator = "Plantet Koordinator-A-7d3f";
    public const string PlantedCentre = "Plantet Krisesenter X-7d3f";
    public const string PlantedStaff = "Plantet Ansatt X-7d3f";

    /// <summary>A woman referred by centre X to association A: only A's coordinators may ever see her name or phone.</summary>
    public const string PlantedParticipant = "Plantet Deltaker-7d3f";

    public const string PlantedParticipantPhone = "000 73 73 73";

    /// <summary>A volunteer applying to association A: only A's coordinators may ever see her name.</summary>
    public const string PlantedVolunteer = "Plantet Frivillig-7d3f";

    /// <summary>The place of a gathering for association A's volunteers: only A's coordinators (and A's volunteers) may see it.</summary>
    public const string PlantedGatheringPlace = "Plantet Samlingssted-7d3f";

    /// <summary>An approved volunteer of association A (in the matching pool): only A's coordinators may ever see her name.</summary>
    public const string PlantedApprovedVolunteer = "Plantet Ressursvenn-7d3f";

    public static readonly IReadOnlyList<string> PlantedNames =
        [PlantedAssociation, PlantedCoordinator, PlantedCentre, PlantedStaff, PlantedParticipant, PlantedParticipantPhone, PlantedVolunteer, PlantedGatheringPlace, PlantedApprovedVolunteer];

    /// <summary>
    /// Record pages whose real record belongs to some actors only: the others are admitted by the policy but must get
    /// the 404 of a missing record (her association's coordinators only; the centre sees its own referrals; a national
    /// admin without break-glass sees nothing).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RealIdOwners = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["/deltaker/{id:guid}"] = ["coord-A"],
        ["/frivillig/{id:guid}"] = ["coord-A"],
        ["/samling/{id:guid?}"] = ["coord-A"],
        ["/frivillig/{id:guid}/innsyn"] = ["coord-A"],
        ["/frivillig/{id:guid}/intervju"] = ["coord-A"],
        ["/frivillig/{id:guid}/politiattest"] = ["coord-A"],
        ["/frivillig/{id:guid}/opplaering"] = ["coord-A"],
        ["/frivillig/{id:guid}/avslag"] = ["coord-A"],
        ["/frivillig/{id:guid}/avslutt"] = ["coord-A"],
        ["/frivillig/{id:guid}/kapasitet"] = ["coord-A"],
        ["/frivillig/{id:guid}/nettverk"] = ["coord-A"],
        ["/frivillig/{id:guid}/adresse"] = ["coord-A"],
        ["/deltaker/{id:guid}/rediger"] = ["coord-A"],
        ["/deltaker/{id:guid}/kartlegging"] = ["coord-A"],
        ["/deltaker/{id:guid}/avslag"] = ["coord-A"],
        ["/deltaker/{id:guid}/samtykke"] = ["coord-A"],
        ["/deltaker/{id:guid}/innsyn"] = ["coord-A"],
        ["/nodtilgang/{id:guid}"] = [],
        ["/api/v1/participants/{id:guid}"] = ["coord-A"],
        ["/api/v1/volunteers/{id:guid}"] = ["coord-A"],
        ["/api/v1/referrals/{id:guid}"] = ["coord-A", "staff-X"],
        ["/deltaker/{id:guid}/forslag"] = ["coord-A"],
        ["/deltaker/{id:guid}/forslag/{volunteerId:guid}"] = ["coord-A"],
        ["/api/v1/matches/{id:guid}"] = ["coord-A"],
        ["/api/v1/associations/{id:guid}/plan"] = ["coord-A"],
        ["/kobling/{id:guid}"] = ["coord-A"],
        ["/min-side/forslag/{id:guid}"] = ["volunteer"],
        ["/min-side/kobling/{id:guid}"] = ["volunteer"],
    };

    /// <summary>
    /// The short public allow-list (SR4), kept here on purpose instead of read from the app: adding a public page
    /// must be a deliberate change in two places.
    /// </summary>
    public static readonly IReadOnlyList<string> PublicPatterns =
    [
        "/", "/logg-inn", "/logg-inn/kode", "/logg-inn/sett-opp-kode", "/glemt-passord", "/nytt-passord", "/invitasjon", "/oppsett", "/ut",
        "/tryggere-nettbruk", "/om", "/sprak", "/feil", "/status/{code:int}", "/health", "/health/live", "/health/ready",
        "/bli-ressursvenn", "/bli-ressursvenn/takk",
    ];

    /// <summary>
    /// Planted names a page shows to everyone by design, with the reason. Only an association's name belongs here: the
    /// local associations are public organisations, and the public volunteer application lists the active ones to apply to.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (IReadOnlyList<string> Names, string Reason)> ShownByDesign =
        new Dictionary<string, (IReadOnlyList<string>, string)>(StringComparer.Ordinal)
        {
            ["/bli-ressursvenn"] = ([PlantedAssociation], "the volunteer application lists the active associations to choose from"),
        };

    /// <summary>Whether the page at this route pattern shows the planted name to everyone by design.</summary>
    public static bool IsShownByDesign(string pattern, string name) =>
        ShownByDesign.TryGetValue(pattern, out var shown) && shown.Names.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// Pages whose plain GET has a fixed answer for everyone they admit, with the reason. A one-time-token page is
    /// asked with a random token, exactly as a record page is asked with a random id.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Query, int Status, string Reason)> DesignAnswers =
        new Dictionary<string, (string, int, string)>(StringComparer.Ordinal)
        {
            ["/invitasjon"] = ("?token=" + Guid.NewGuid().ToString("N"), 404, "an unknown invitation token is a missing page"),
            ["/nytt-passord"] = ("?token=" + Guid.NewGuid().ToString("N"), 404, "an unknown reset token is a missing page"),
            ["/oppsett"] = ("?token=" + Guid.NewGuid().ToString("N"), 404, "an unknown setup token is a missing page"),
            ["/konto/hold-i-live"] = (string.Empty, 404, "POST only; a GET answers as a missing page"),
            ["/konto/engangskode/av"] = (string.Empty, 404, "only a volunteer with the one-time code on may turn it off: staff must keep it, and the fixture's volunteer has none"),
            ["/dev/epost"] = (string.Empty, 404, "the mail viewer is off unless Email:MailViewer is set (and then for national admins only)"),
        };

    /// <summary>Sample values for route parameters that are not ids. A new kind of parameter must be added here.</summary>
    public static readonly IReadOnlyDictionary<string, string> SampleValues = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/status/{code:int}#code"] = "404",
    };

    /// <summary>
    /// Pages that do not check the antiforgery token, with the reason. Only pages that change nothing may be here:
    /// the status page is where a refused POST is re-executed, often because its token was missing.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> AntiforgeryExempt = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["/status/{code:int}"] = "the page a refused POST is re-executed on; it only shows a text",
    };

    /// <summary>GET endpoints that end the session by design (quick exit): each actor asks them on a fresh login.</summary>
    public static readonly IReadOnlyList<string> SessionEnding = ["/ut"];

    private readonly Dictionary<string, HttpClient> clients = new(StringComparer.Ordinal);

    public TestApp App { get; private set; } = null!;

    public IReadOnlyList<Actor> Actors { get; private set; } = [];

    public IReadOnlyList<EndpointInfo> Endpoints { get; private set; } = [];

    public IReadOnlyList<Probe> Probes { get; private set; } = [];

    /// <summary>Route parameters the matrix cannot fill (a new kind of route): the tests fail on them.</summary>
    public IReadOnlyList<string> UnfillableParameters { get; private set; } = [];

    /// <summary>Record pages probed with a real record made here: route pattern → id.</summary>
    public IReadOnlyDictionary<string, Guid> RealIds { get; private set; } = new Dictionary<string, Guid>();

    /// <summary>
    /// Routes with a second id ("{pattern}#{parameter}" → a real id made here): the second id is always filled with it,
    /// and the first id is probed as usual (random, then real).
    /// </summary>
    public IReadOnlyDictionary<string, Guid> SecondIds { get; private set; } = new Dictionary<string, Guid>();

    /// <summary>The planted approved volunteer of association A (in the matching pool).</summary>
    public Guid ApprovedVolunteerId { get; private set; }

    /// <summary>The planted participant of association A (referred by centre X).</summary>
    public Guid ParticipantId { get; private set; }

    /// <summary>The planted volunteer (an applicant at the interview step) of association A.</summary>
    public Guid VolunteerId { get; private set; }

    /// <summary>A planted gathering for association A's volunteers.</summary>
    public Guid GatheringId { get; private set; }

    /// <summary>A planted (declined, so it holds no capacity slot) match of association A: the planted participant and volunteer.</summary>
    public Guid MatchId { get; private set; }

    /// <summary>A proposal to the volunteer actor (lent by association B) for a woman of association A, waiting for her answer.</summary>
    public Guid ProposalToVolunteerId { get; private set; }

    /// <summary>The volunteer actor's active match with a woman of association A.</summary>
    public Guid VolunteerMatchId { get; private set; }

    public Actor Anonymous => Actors[0];

    public Actor Actor(string name) => Actors.Single(a => a.Name == name);

    public HttpClient Client(Actor actor) => clients[actor.Name];

    /// <summary>Settings for the app (a fixture for another environment overrides them).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal);

    public async ValueTask InitializeAsync()
    {
        App = await TestApp.CreateAsync(Settings);
        Guid associationA, associationB, centreX, centreY;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var a = new LocalAssociation { Name = PlantedAssociation, CountyCode = "03", Municipalities = [new() { MunicipalityCode = "0301" }] };
            var b = new LocalAssociation { Name = "Forening B sanitetsforening", CountyCode = "46", Municipalities = [new() { MunicipalityCode = "4601" }] };
            var x = new CrisisCentre { Name = PlantedCentre, MunicipalityCode = "0301", Associations = [new() { AssociationId = a.Id }] };
            var y = new CrisisCentre { Name = "Krisesenter Y", MunicipalityCode = "4601", Associations = [new() { AssociationId = b.Id }] };
            db.Associations.AddRange(a, b);
            db.CrisisCentres.AddRange(x, y);
            await db.SaveChangesAsync();
            (associationA, associationB, centreX, centreY) = (a.Id, b.Id, x.Id, y.Id);
        }

        var coordinatorA = await App.CreateUserAsync(Roles.Coordinator, [associationA], name: PlantedCoordinator);
        Actors =
        [
            new("anonymous", null, null),
            new("admin", Roles.NationalAdmin, await App.CreateUserAsync(Roles.NationalAdmin, name: "Admin Nasjonal")),
            new("coord-A", Roles.Coordinator, coordinatorA),
            new("coord-B", Roles.Coordinator, await App.CreateUserAsync(Roles.Coordinator, [associationB], name: "Koordinator B")),
            new("staff-X", Roles.CrisisCentreStaff, await App.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centreX, name: PlantedStaff)),
            new("staff-Y", Roles.CrisisCentreStaff, await App.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: centreY, name: "Ansatt Y")),
            new("volunteer", Roles.Volunteer, await App.CreateUserAsync(Roles.Volunteer, name: "Frivillig V")),
            new("privacy", Roles.PrivacyOfficer, await App.CreateUserAsync(Roles.PrivacyOfficer, name: "Personvern P")),
        ];
        foreach (var actor in Actors)
        {
            clients[actor.Name] = await NewClientAsync(actor);
        }

        Guid referralId;
        await using (var scope = App.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var participant = new Ressursvenn.Web.Domain.Participants.Participant { Name = PlantedParticipant, AssociationId = associationA };
            participant.Contact = new Ressursvenn.Web.Domain.Participants.SafeContact { Phone = PlantedParticipantPhone };
            participant.Area = new Ressursvenn.Web.Domain.Participants.Area { MunicipalityCode = "0301" };
            var consents = Enum.GetValues<Ressursvenn.Web.Domain.Participants.ConsentKind>().ToDictionary(k => k, _ => true);
            var referral = Ressursvenn.Web.Domain.Participants.ParticipantLifecycle.Refer(participant, centreX, null, consents, App.Clock.GetUtcNow().UtcDateTime);
            // On the waiting list, so her suggestion pages answer with suggestions, not the "not waiting" text.
            Ressursvenn.Web.Domain.Participants.ParticipantLifecycle.RecordIntake(participant,
                new Ressursvenn.Web.Domain.Participants.Intake { HeldOn = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime) }, App.Clock.GetUtcNow().UtcDateTime);
            Ressursvenn.Web.Domain.Participants.ParticipantLifecycle.PutOnWaitingList(participant, App.Clock.GetUtcNow().UtcDateTime);
            db.Participants.Add(participant);
            await db.SaveChangesAsync();
            (ParticipantId, referralId) = (participant.Id, referral.Id);

            var volunteer = new Ressursvenn.Web.Domain.Volunteers.Volunteer
            {
                AssociationId = associationA, Name = PlantedVolunteer, Email = "plantet-frivillig-7d3f@test.invalid", MunicipalityCode = "0301",
                BirthDate = new DateOnly(1975, 5, 5), Status = Ressursvenn.Web.Domain.Volunteers.VolunteerStatus.Interview,
                AppliedAt = App.Clock.GetUtcNow().UtcDateTime,
            };
            db.Volunteers.Add(volunteer);
            await db.SaveChangesAsync();
            VolunteerId = volunteer.Id;

            var approved = new Ressursvenn.Web.Domain.Volunteers.Volunteer
            {
                AssociationId = associationA, Name = PlantedApprovedVolunteer, Email = "plantet-ressursvenn-7d3f@test.invalid", MunicipalityCode = "0301",
                BirthDate = new DateOnly(1970, 6, 6), Status = Ressursvenn.Web.Domain.Volunteers.VolunteerStatus.Approved,
                AppliedAt = App.Clock.GetUtcNow().UtcDateTime, ApprovedAt = App.Clock.GetUtcNow().UtcDateTime,
            };
            db.Volunteers.Add(approved);
            await db.SaveChangesAsync();
            ApprovedVolunteerId = approved.Id;

            var gathering = new Ressursvenn.Web.Domain.Volunteers.Gathering
            {
                AssociationId = associationA, Kind = Ressursvenn.Web.Domain.Volunteers.GatheringKind.Supervision,
                StartsAt = App.Clock.GetUtcNow().UtcDateTime.AddDays(7), Place = PlantedGatheringPlace,
            };
            db.Gatherings.Add(gathering);
            await db.SaveChangesAsync();
            GatheringId = gathering.Id;

            var match = new Ressursvenn.Web.Domain.Matching.Match
            {
                AssociationId = associationA, VolunteerAssociationId = associationA, ParticipantId = ParticipantId, VolunteerId = VolunteerId,
                Status = Ressursvenn.Web.Domain.Matching.MatchStatus.Declined, ProposedAt = App.Clock.GetUtcNow().UtcDateTime,
                DeclinedAt = App.Clock.GetUtcNow().UtcDateTime, DeclinedBy = Ressursvenn.Web.Domain.Matching.MatchDeclinedBy.Coordinator,
                DeclineReason = Ressursvenn.Web.Domain.Matching.MatchDeclineReason.CoordinatorWithdrew,
            };
            db.Matches.Add(match);
            await db.SaveChangesAsync();
            MatchId = match.Id;
        }

        // The volunteer actor's own record (approved, in association B so nothing of A reaches her), so her pages
        // under /min-side answer with their content, not the "nothing here yet" text.
        await using (var scope = App.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = App.Clock.GetUtcNow().UtcDateTime;
            var volunteerUser = Actor("volunteer").User!;
            db.Volunteers.Add(new Ressursvenn.Web.Domain.Volunteers.Volunteer
            {
                AssociationId = associationB, Name = "Frivillig V", Email = volunteerUser.Email, MunicipalityCode = "4601", BirthDate = new DateOnly(1980, 1, 1),
                Status = Ressursvenn.Web.Domain.Volunteers.VolunteerStatus.Approved, AppliedAt = now, ApprovedAt = now, UserId = volunteerUser.Id,
            });
            await db.SaveChangesAsync();
        }

        // Two women of association A with the volunteer actor (lent by association B, room for two matches): a proposal
        // waiting for her answer and an active match, so her proposal and match pages answer with their content.
        await using (var scope = App.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = App.Clock.GetUtcNow().UtcDateTime;
            var volunteerUser = Actor("volunteer").User!;
            var mine = db.Volunteers.Single(v => v.UserId == volunteerUser.Id);
            mine.Capacity = 2;
            var ids = new List<Guid>();
            foreach (var (name, status) in new[] { ("Foreslått Deltaker-7d3f", Ressursvenn.Web.Domain.Matching.MatchStatus.Proposed), ("Koblet Deltaker-7d3f", Ressursvenn.Web.Domain.Matching.MatchStatus.Active) })
            {
                var woman = new Ressursvenn.Web.Domain.Participants.Participant { Name = name, AssociationId = associationA };
                woman.Area = new Ressursvenn.Web.Domain.Participants.Area { MunicipalityCode = "0301" };
                woman.Contact = new Ressursvenn.Web.Domain.Participants.SafeContact { Phone = "000 74 74 74" };
                Ressursvenn.Web.Domain.Participants.ParticipantLifecycle.Refer(woman, centreX, null,
                    Enum.GetValues<Ressursvenn.Web.Domain.Participants.ConsentKind>().ToDictionary(k => k, _ => true), now);
                var started = status == Ressursvenn.Web.Domain.Matching.MatchStatus.Active;
                var match = new Ressursvenn.Web.Domain.Matching.Match
                {
                    AssociationId = associationA, VolunteerAssociationId = associationB, ParticipantId = woman.Id, VolunteerId = mine.Id, Status = status,
                    ProposedAt = now, VolunteerAcceptedAt = started ? now : null, ParticipantAcceptedAt = started ? now : null,
                    StartMeetingOn = started ? DateOnly.FromDateTime(now) : null, ParticipantSlot = 0, VolunteerSlot = ids.Count,
                };
                db.Participants.Add(woman);
                db.Matches.Add(match);
                ids.Add(match.Id);
            }

            await db.SaveChangesAsync();
            (ProposalToVolunteerId, VolunteerMatchId) = (ids[0], ids[1]);
        }

        RealIds = new Dictionary<string, Guid>(StringComparer.Ordinal)
        {
            ["/kobling/{id:guid}"] = MatchId,
            ["/min-side/forslag/{id:guid}"] = ProposalToVolunteerId,
            ["/min-side/kobling/{id:guid}"] = VolunteerMatchId,
            ["/deltaker/{id:guid}"] = ParticipantId,
            ["/frivillig/{id:guid}"] = VolunteerId,
            ["/samling/{id:guid?}"] = GatheringId,
            ["/frivillig/{id:guid}/innsyn"] = VolunteerId,
            ["/frivillig/{id:guid}/intervju"] = VolunteerId,
            ["/frivillig/{id:guid}/politiattest"] = VolunteerId,
            ["/frivillig/{id:guid}/opplaering"] = VolunteerId,
            ["/frivillig/{id:guid}/avslag"] = VolunteerId,
            ["/frivillig/{id:guid}/avslutt"] = VolunteerId,
            ["/frivillig/{id:guid}/kapasitet"] = VolunteerId,
            ["/frivillig/{id:guid}/nettverk"] = VolunteerId,
            ["/frivillig/{id:guid}/adresse"] = VolunteerId,
            ["/deltaker/{id:guid}/rediger"] = ParticipantId,
            ["/deltaker/{id:guid}/kartlegging"] = ParticipantId,
            ["/deltaker/{id:guid}/avslag"] = ParticipantId,
            ["/deltaker/{id:guid}/samtykke"] = ParticipantId,
            ["/deltaker/{id:guid}/innsyn"] = ParticipantId,
            ["/nodtilgang/{id:guid}"] = ParticipantId,
            ["/api/v1/participants/{id:guid}"] = ParticipantId,
            ["/api/v1/volunteers/{id:guid}"] = VolunteerId,
            ["/api/v1/referrals/{id:guid}"] = referralId,
            ["/deltaker/{id:guid}/forslag"] = ParticipantId,
            ["/deltaker/{id:guid}/forslag/{volunteerId:guid}"] = ParticipantId,
            ["/api/v1/matches/{id:guid}"] = MatchId,
            ["/api/v1/associations/{id:guid}/plan"] = associationA,
            ["/admin/forening/{id:guid?}"] = associationA,
            ["/admin/krisesenter/{id:guid?}"] = centreX,
            ["/admin/bruker/{id:guid}"] = coordinatorA.Id,
        };

        SecondIds = new Dictionary<string, Guid>(StringComparer.Ordinal)
        {
            ["/deltaker/{id:guid}/forslag/{volunteerId:guid}#volunteerId"] = ApprovedVolunteerId,
        };

        Endpoints = ReadEndpoints(App.Services);
        (Probes, UnfillableParameters) = BuildProbes(Endpoints, RealIds, SecondIds);
    }

    /// <summary>A new client for the actor (logged in unless anonymous), for requests that end the session.</summary>
    public async Task<HttpClient> NewClientAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.User is null ? App.Client() : await App.LoggedInClientAsync(actor.User);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    /// <summary>Every route endpoint of the running app (Razor Pages, health checks, anything mapped later).</summary>
    public static IReadOnlyList<EndpointInfo> ReadEndpoints(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e =>
            {
                var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
                return new EndpointInfo(
                    "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/'),
                    e.DisplayName ?? "?",
                    e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                    e.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                    e.Metadata.GetMetadata<PageActionDescriptor>() is not null,
                    methods is null || methods.Count == 0 || methods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase),
                    e.Metadata.GetMetadata<IAntiforgeryPolicy>() is IgnoreAntiforgeryTokenAttribute);
            })
            .OrderBy(e => e.Pattern, StringComparer.Ordinal)
            .ToList();
    }

    private static (IReadOnlyList<Probe>, IReadOnlyList<string>) BuildProbes(
        IReadOnlyList<EndpointInfo> endpoints, IReadOnlyDictionary<string, Guid> realIds, IReadOnlyDictionary<string, Guid> secondIds)
    {
        var probes = new List<Probe>();
        var unfillable = new List<string>();
        foreach (var endpoint in endpoints.Where(e => e.AcceptsGet))
        {
            var pattern = RoutePatternFactory.Parse(endpoint.Pattern);
            var guids = pattern.Parameters.Where(p => HasPolicy(p, "guid")).ToList();
            var others = pattern.Parameters.Except(guids).ToList();
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var second in guids.Skip(1).ToList())
            {
                if (secondIds.TryGetValue(endpoint.Pattern + "#" + second.Name, out var secondId))
                {
                    values[second.Name] = secondId.ToString();
                    guids.Remove(second);
                }
            }

            foreach (var parameter in others)
            {
                if (SampleValues.TryGetValue(endpoint.Pattern + "#" + parameter.Name, out var sample))
                {
                    values[parameter.Name] = sample;
                }
                else
                {
                    unfillable.Add($"{endpoint.Pattern}: no sample value for {{{parameter.Name}}} (add one to AccessMatrixFixture.SampleValues)");
                }
            }

            if (others.Any(p => !values.ContainsKey(p.Name)) || guids.Count > 1)
            {
                if (guids.Count > 1)
                {
                    unfillable.Add($"{endpoint.Pattern}: more than one id in the route (teach the access matrix how to fill it)");
                }

                continue;
            }

            if (guids.Count == 0)
            {
                probes.Add(DesignAnswers.TryGetValue(endpoint.Pattern, out var design)
                    ? new Probe(endpoint, Fill(pattern, values) + design.Query, ProbeKind.Design, design.Status, design.Reason)
                    : new Probe(endpoint, Fill(pattern, values), ProbeKind.Plain));
                continue;
            }

            var id = guids[0];
            if (id.IsOptional)
            {
                probes.Add(new Probe(endpoint, Fill(pattern, values), ProbeKind.Plain));
            }

            probes.Add(new Probe(endpoint, Fill(pattern, new(values) { [id.Name] = Guid.NewGuid().ToString() }), ProbeKind.RandomId));
            if (realIds.TryGetValue(endpoint.Pattern, out var real))
            {
                probes.Add(new Probe(endpoint, Fill(pattern, new(values) { [id.Name] = real.ToString() }), ProbeKind.RealId, Owners: RealIdOwners.GetValueOrDefault(endpoint.Pattern)));
            }
        }

        return (probes, unfillable);
    }

    private static bool HasPolicy(RoutePatternParameterPart parameter, string name) =>
        parameter.ParameterPolicies.Any(p => string.Equals(p.Content, name, StringComparison.OrdinalIgnoreCase));

    private static string Fill(RoutePattern pattern, Dictionary<string, string?> values)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter => values.GetValueOrDefault(parameter.Name) ?? string.Empty,
                _ => throw new InvalidOperationException("Unknown route part " + part.GetType().Name),
            }));
            if (text.Length > 0)
            {
                segments.Add(Uri.EscapeDataString(text));
            }
        }

        return "/" + string.Join('/', segments);
    }
}

/// <summary>What a response was, in the words of the matrix.</summary>
public static class Outcome
{
    public const string LoginPath = "/logg-inn";

    /// <summary>The cookie handler's challenge: a redirect to the login page that carries the page to come back to.</summary>
    public static bool IsLoginChallenge(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is not { } location)
        {
            return false;
        }

        var absolute = location.IsAbsoluteUri ? location : new Uri(new Uri("https://localhost"), location);
        return absolute.AbsolutePath == LoginPath && absolute.Query.Contains("ReturnUrl=", StringComparison.Ordinal);
    }

    /// <summary>A short cell for the table: 200, 404, 302L (sent to log in), 302→/path, ...</summary>
    public static string Describe(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var code = (int)response.StatusCode;
        if (IsLoginChallenge(response))
        {
            return "302L";
        }

        if (code is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            var target = location.IsAbsoluteUri && location.Host != "localhost" ? location.Host : (location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0]);
            return $"{code}>{target}";
        }

        return code.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
