using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Features.Matching;
using Ressursvenn.IntegrationTests.Features.Participants;
using Ressursvenn.IntegrationTests.Features.Volunteers;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Matching;
using Ressursvenn.Web.Features.MyPages;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Features.Volunteers;
using Ressursvenn.Web.Security.Resources;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>
/// Two associations (A and B, with centres X and Y), a user of every role, two women in A and one in B, a volunteer in
/// each association, a proposal of A's volunteer to A's woman, and a running match of A's second woman with B's
/// volunteer (lent). Built once; the tests only read.
/// </summary>
public sealed class ResourceAuthorizationFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public Guid AssociationA { get; private set; }

    public Guid AssociationB { get; private set; }

    public Guid CentreX { get; private set; }

    public Dictionary<string, TestUser> Users { get; } = new(StringComparer.Ordinal);

    public Guid WomanA { get; private set; }

    public Guid WomanA2 { get; private set; }

    public Guid WomanB { get; private set; }

    public Guid VolunteerA { get; private set; }

    public Guid VolunteerB { get; private set; }

    /// <summary>A's woman and A's volunteer, proposed (before the start meeting).</summary>
    public Guid Proposal { get; private set; }

    /// <summary>A's second woman and B's volunteer, lent by B, running.</summary>
    public Guid LentMatch { get; private set; }

    public async ValueTask InitializeAsync()
    {
        App = await TestApp.CreateAsync();
        (AssociationA, CentreX) = await App.CreateOrganisationAsync("Ressurs A");
        var (b, centreY) = await App.CreateOrganisationAsync("Ressurs B", "4601", "46");
        AssociationB = b;
        Users["coord-A"] = await App.CreateUserAsync(Roles.Coordinator, [AssociationA]);
        Users["coord-B"] = await App.CreateUserAsync(Roles.Coordinator, [AssociationB]);
        Users["admin"] = await App.CreateUserAsync(Roles.NationalAdmin);
        Users["admin-expired"] = await App.CreateUserAsync(Roles.NationalAdmin);
        Users["staff-X"] = await App.CreateUserAsync(Roles.CrisisCentreStaff, crisisCentre: CentreX);
        Users["volunteer-A"] = await App.CreateUserAsync(Roles.Volunteer);
        Users["volunteer-B"] = await App.CreateUserAsync(Roles.Volunteer);
        WomanA = (await PlantedRecords.PlantAsync(App, AssociationA, CentreX, "authz-a")).Id;
        WomanA2 = (await PlantedRecords.PlantAsync(App, AssociationA, CentreX, "authz-a2")).Id;
        WomanB = (await PlantedRecords.PlantAsync(App, AssociationB, centreY, "authz-b")).Id;
        VolunteerA = await PlantedVolunteers.PlantAsync(App, AssociationA, "Frivillig A", VolunteerStatus.Approved, Steps.All, Users["volunteer-A"].Id);
        VolunteerB = await PlantedVolunteers.PlantAsync(App, AssociationB, "Frivillig B", VolunteerStatus.Approved, Steps.All, Users["volunteer-B"].Id);

        var now = App.Clock.GetUtcNow().UtcDateTime;
        await using var scope = App.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var proposal = new Match
        {
            AssociationId = AssociationA, VolunteerAssociationId = AssociationA, ParticipantId = WomanA, VolunteerId = VolunteerA,
            Status = MatchStatus.Proposed, ProposedAt = now, ParticipantSlot = 0, VolunteerSlot = 0,
        };
        var lent = new Match
        {
            AssociationId = AssociationA, VolunteerAssociationId = AssociationB, ParticipantId = WomanA2, VolunteerId = VolunteerB,
            Status = MatchStatus.Active, ProposedAt = now.AddDays(-10), ParticipantSlot = 0, VolunteerSlot = 0,
        };
        db.Matches.AddRange(proposal, lent);
        db.BreakGlassAccesses.Add(new BreakGlassAccess
        {
            ParticipantId = WomanA, AssociationId = AssociationA, UserId = Users["admin"].Id, Reason = "Test av nødtilgang, med grunn.",
            GrantedAt = now, ExpiresAt = now.AddMinutes(30),
        });
        db.BreakGlassAccesses.Add(new BreakGlassAccess
        {
            ParticipantId = WomanA, AssociationId = AssociationA, UserId = Users["admin-expired"].Id, Reason = "Test av nødtilgang, utløpt.",
            GrantedAt = now.AddHours(-2), ExpiresAt = now.AddHours(-1),
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        Proposal = proposal.Id;
        LentMatch = lent.Id;
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    /// <summary>
    /// A request scope acting as the named user, its data scope set by the app's own <see cref="DataScopeMiddleware"/>
    /// (the system scope for "system").
    /// </summary>
    public async Task<Acting> ActAsync(string who)
    {
        if (who == "system")
        {
            var system = App.Services.CreateSystemScope();
            return new Acting(system, new ClaimsPrincipal(new ClaimsIdentity()));
        }

        var user = Users[who];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()), new Claim(ClaimTypes.Role, user.Role)], "test"));
        var scope = App.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { User = principal, RequestServices = scope.ServiceProvider };
        await new DataScopeMiddleware(_ => Task.CompletedTask).InvokeAsync(
            http, scope.ServiceProvider.GetRequiredService<DataScope>(), scope.ServiceProvider.GetRequiredService<AppDbContext>());
        return new Acting(scope, principal);
    }
}

/// <summary>One request's services and its user.</summary>
public sealed class Acting(AsyncServiceScope scope, ClaimsPrincipal user) : IAsyncDisposable
{
    public ClaimsPrincipal User => user;

    public AppDbContext Db => Get<AppDbContext>();

    public T Get<T>()
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}

/// <summary>
/// Resource authorization (ADR 0018, SR5, SR7, SR8): each operation on a woman's record, a match and a volunteer's
/// record, allowed and refused by role through the one loader and handler of the resource — a refusal is the null of a
/// missing record — and the child tables' own scope.
/// </summary>
public sealed class ResourceAuthorizationTests(ResourceAuthorizationFixture f) : IClassFixture<ResourceAuthorizationFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, bool> ParticipantCases => new()
    {
        { "coord-A", "Read", true }, { "coord-A", "Step", true }, { "coord-A", "Export", true }, { "coord-A", "BreakGlass", false },
        { "coord-B", "Read", false }, { "coord-B", "Step", false }, { "coord-B", "Export", false }, { "coord-B", "BreakGlass", false },
        { "admin", "Read", false }, { "admin", "Step", false }, { "admin", "Export", false }, { "admin", "BreakGlass", true },
        { "admin-expired", "Read", false }, { "admin-expired", "BreakGlass", false },
        { "staff-X", "Read", false }, { "staff-X", "Step", false }, { "staff-X", "BreakGlass", false },
        { "volunteer-A", "Read", false }, { "volunteer-A", "Step", false }, { "volunteer-A", "BreakGlass", false },
    };

    [Theory]
    [MemberData(nameof(ParticipantCases))]
    public async Task Participant_OperationsByRole(string who, string operation, bool allowed)
    {
        await using var acting = await f.ActAsync(who);
        var loader = acting.Get<ParticipantLoader>();
        var op = Operation<ParticipantOperation>(operation);
        var her = await loader.LoadAsync(acting.User, f.WomanA, op, Ct);
        Assert.Equal(allowed, her is not null);
        if (her is not null)
        {
            // Her children come with her: the note and consents planted with her, under the scope or under break-glass.
            Assert.NotEmpty(her.Notes);
            Assert.NotEmpty(her.Consents);
            Assert.NotEmpty(her.Referrals);
        }

        // Another association's woman and an unknown id are the same null (SR5); B's coordinator may read only B's.
        Assert.Equal(who == "coord-B" && op != ParticipantOperation.BreakGlass, await loader.LoadAsync(acting.User, f.WomanB, op, Ct) is not null);
        Assert.Null(await loader.LoadAsync(acting.User, Guid.NewGuid(), op, Ct));
    }

    /// <summary>
    /// The handlers decide on their own, not only behind the query filter: a record read past the filter (as the
    /// loaders do for break-glass and lending) is still refused to another association's coordinator.
    /// </summary>
    [Theory]
    [InlineData("coord-A", true)]
    [InlineData("coord-B", false)]
    [InlineData("admin", false)]
    [InlineData("staff-X", false)]
    [InlineData("volunteer-A", false)]
    public async Task Handlers_RefuseOnTheirOwn_ARecordReadPastTheFilter(string who, bool allowed)
    {
        Participant woman;
        Volunteer volunteer;
        Match match;
        await using (var system = await f.ActAsync("system"))
        {
            woman = await system.Db.Participants.AsNoTracking().SingleAsync(p => p.Id == f.WomanA, Ct);
            volunteer = await system.Db.Volunteers.AsNoTracking().SingleAsync(v => v.Id == f.VolunteerA, Ct);
            match = await system.Db.Matches.AsNoTracking().SingleAsync(m => m.Id == f.LentMatch, Ct);
        }

        await using var acting = await f.ActAsync(who);
        var authorization = acting.Get<IAuthorizationService>();
        foreach (var op in new[] { ParticipantOperation.Read, ParticipantOperation.Step, ParticipantOperation.Export })
        {
            Assert.Equal(allowed, (await authorization.AuthorizeAsync(acting.User, woman, op)).Succeeded);
        }

        Assert.Equal(allowed, (await authorization.AuthorizeAsync(acting.User, volunteer, VolunteerOperation.Screen)).Succeeded);
        Assert.Equal(allowed, (await authorization.AuthorizeAsync(acting.User, match, MatchOperation.Step)).Succeeded);
    }

    [Fact]
    public async Task Participant_BreakGlassExpiry_IsTheAdminsOwnGrant()
    {
        await using var acting = await f.ActAsync("admin");
        var loader = acting.Get<ParticipantLoader>();
        Assert.NotNull(await loader.BreakGlassExpiresAtAsync(f.Users["admin"].Id, f.WomanA, Ct));
        Assert.Null(await loader.BreakGlassExpiresAtAsync(f.Users["admin-expired"].Id, f.WomanA, Ct));
        Assert.Null(await loader.BreakGlassExpiresAtAsync(f.Users["admin"].Id, f.WomanB, Ct));
    }

    public static TheoryData<string, string, string, bool> MatchCases => new()
    {
        { "coord-A", "proposal", "Read", true }, { "coord-A", "proposal", "Step", true }, { "coord-A", "proposal", "Answer", false },
        { "coord-A", "lent", "Read", true }, { "coord-A", "lent", "Step", true },
        { "coord-B", "proposal", "Read", false }, { "coord-B", "proposal", "Step", false },
        // The lending association sees that its volunteer is taken (lists), never the match record.
        { "coord-B", "lent", "Read", false }, { "coord-B", "lent", "Step", false },
        { "volunteer-A", "proposal", "Read", true }, { "volunteer-A", "proposal", "Answer", true }, { "volunteer-A", "proposal", "Step", false },
        { "volunteer-A", "lent", "Read", false }, { "volunteer-A", "lent", "Answer", false },
        { "volunteer-B", "lent", "Read", true }, { "volunteer-B", "lent", "Answer", false }, { "volunteer-B", "lent", "Step", false },
        { "volunteer-B", "proposal", "Read", false }, { "volunteer-B", "proposal", "Answer", false },
        { "admin", "proposal", "Read", false }, { "admin", "lent", "Step", false },
        { "staff-X", "proposal", "Read", false }, { "staff-X", "lent", "Step", false },
    };

    [Theory]
    [MemberData(nameof(MatchCases))]
    public async Task Match_OperationsByRole(string who, string match, string operation, bool allowed)
    {
        await using var acting = await f.ActAsync(who);
        var id = match == "lent" ? f.LentMatch : f.Proposal;
        var found = await acting.Get<MatchLoader>().LoadAsync(acting.User, id, Operation<MatchOperation>(operation), Ct);
        Assert.Equal(allowed, found is not null);
        Assert.Null(await acting.Get<MatchLoader>().LoadAsync(acting.User, Guid.NewGuid(), Operation<MatchOperation>(operation), Ct));
    }

    [Theory]
    [InlineData("volunteer-A", "proposal", true)]
    [InlineData("volunteer-B", "lent", true)]
    [InlineData("volunteer-B", "proposal", false)]
    [InlineData("volunteer-A", "lent", false)]
    [InlineData("coord-A", "proposal", false)]
    [InlineData("admin", "proposal", false)]
    public async Task Match_TheWomanOfAMatch_IsReadOnlyByItsVolunteer(string who, string match, bool allowed)
    {
        await using var acting = await f.ActAsync(who);
        var loaded = await WorkflowScenario.LoadMatchAsync(f.App, match == "lent" ? f.LentMatch : f.Proposal);
        var woman = await acting.Get<MatchLoader>().WomanForVolunteerAsync(acting.User, loaded, Ct);
        Assert.Equal(allowed, woman is not null);
        if (woman is not null)
        {
            Assert.Equal(loaded.ParticipantId, woman.Id);
            Assert.NotEmpty(woman.Consents);
        }
    }

    public static TheoryData<string, string, string, bool> VolunteerCases => new()
    {
        { "coord-A", "A", "Read", true }, { "coord-A", "A", "Screen", true }, { "coord-A", "A", "Self", false },
        // Lending: A runs a match with B's volunteer, so A reads who she is, never her screening.
        { "coord-A", "B", "Read", true }, { "coord-A", "B", "Screen", false },
        { "coord-B", "B", "Read", true }, { "coord-B", "B", "Screen", true },
        // B runs no match with A's volunteer.
        { "coord-B", "A", "Read", false }, { "coord-B", "A", "Screen", false },
        { "volunteer-A", "A", "Self", true }, { "volunteer-A", "A", "Read", false }, { "volunteer-A", "A", "Screen", false },
        { "volunteer-A", "B", "Self", false }, { "volunteer-B", "B", "Self", true }, { "volunteer-B", "A", "Self", false },
        { "admin", "A", "Read", false }, { "admin", "A", "Screen", false }, { "admin", "A", "Self", false },
        { "staff-X", "A", "Read", false }, { "staff-X", "A", "Screen", false },
    };

    [Theory]
    [MemberData(nameof(VolunteerCases))]
    public async Task Volunteer_OperationsByRole(string who, string whose, string operation, bool allowed)
    {
        await using var acting = await f.ActAsync(who);
        var op = Operation<VolunteerOperation>(operation);
        var found = await acting.Get<VolunteerLoader>().LoadAsync(acting.User, whose == "A" ? f.VolunteerA : f.VolunteerB, op, Ct);
        Assert.Equal(allowed, found is not null);
        if (found is not null && op != VolunteerOperation.Read)
        {
            // Screening and her own pages get the whole screening record.
            Assert.NotNull(found.Interview);
            Assert.NotNull(found.PoliceCertificate);
            Assert.NotEmpty(found.Training);
            Assert.NotEmpty(found.Declarations);
        }

        if (found is not null && op == VolunteerOperation.Read && whose == "B" && who == "coord-A")
        {
            // A lent volunteer is read bare: nothing of her screening.
            Assert.Null(found.Interview);
            Assert.Empty(found.Training);
        }

        Assert.Null(await acting.Get<VolunteerLoader>().LoadAsync(acting.User, Guid.NewGuid(), op, Ct));
    }

    [Theory]
    [InlineData("volunteer-A", true)]
    [InlineData("volunteer-B", true)]
    [InlineData("coord-A", false)]
    public async Task Volunteer_HerOwnRecord_ComesWithHerScreening(string who, bool found)
    {
        await using var acting = await f.ActAsync(who);
        var me = await acting.Get<MyVolunteer>().FindAsync(acting.User, Ct);
        Assert.Equal(found, me is not null);
        if (me is not null)
        {
            Assert.Equal(who == "volunteer-A" ? f.VolunteerA : f.VolunteerB, me.Id);
            Assert.NotNull(me.Interview);
            Assert.NotNull(me.PoliceCertificate);
            Assert.NotEmpty(me.Training);
            Assert.NotEmpty(me.Declarations);
        }
    }

    /// <summary>Whose rows of each child table a direct query returns: "A", "B", both or none.</summary>
    [Theory]
    [InlineData("coord-A", "A")]
    [InlineData("coord-B", "B")]
    [InlineData("admin", "")]
    [InlineData("staff-X", "")]
    [InlineData("system", "AB")]
    public async Task ChildTables_ADirectQuery_SeesOnlyTheParentsScope(string who, string participantsOf)
    {
        await using var acting = await f.ActAsync(who);
        var db = acting.Db;
        var expected = Expected(participantsOf, [f.WomanA, f.WomanA2], [f.WomanB]);
        Assert.Equal(expected, (await db.ParticipantNotes.Select(n => n.ParticipantId).Distinct().ToListAsync(Ct)).Order());
        Assert.Equal(expected, (await db.Consents.Select(c => c.ParticipantId).Distinct().ToListAsync(Ct)).Order());

        var volunteers = Expected(participantsOf, [f.VolunteerA], [f.VolunteerB]);
        Assert.Equal(volunteers, await VolunteerChildrenAsync(db));
    }

    [Theory]
    [InlineData("volunteer-A")]
    [InlineData("volunteer-B")]
    public async Task ChildTables_AVolunteer_SeesHerOwnScreeningRowsOnly_AndNoWomansRows(string who)
    {
        await using var acting = await f.ActAsync(who);
        var db = acting.Db;
        Assert.Empty(await db.ParticipantNotes.ToListAsync(Ct));
        Assert.Empty(await db.Consents.ToListAsync(Ct));
        Assert.Equal([who == "volunteer-A" ? f.VolunteerA : f.VolunteerB], await VolunteerChildrenAsync(db));
    }

    [Fact]
    public async Task ChildTables_AnIncludeUnderTheScope_KeepsHerOwnChildren()
    {
        await using var acting = await f.ActAsync("coord-A");
        var women = await acting.Db.Participants.AsNoTracking().Include(p => p.Notes).Include(p => p.Consents).AsSplitQuery().ToListAsync(Ct);
        Assert.Equal(new[] { f.WomanA, f.WomanA2 }.Order(), women.Select(w => w.Id).Order());
        Assert.All(women, w => Assert.NotEmpty(w.Notes));
        Assert.All(women, w => Assert.NotEmpty(w.Consents));
        var volunteers = await acting.Db.Volunteers.AsNoTracking().WithScreening().ToListAsync(Ct);
        var mine = Assert.Single(volunteers);
        Assert.NotNull(mine.Interview);
        Assert.NotEmpty(mine.Declarations);
    }

    private static List<Guid> Expected(string of, Guid[] a, Guid[] b) =>
        (of.Contains('A', StringComparison.Ordinal) ? a : []).Concat(of.Contains('B', StringComparison.Ordinal) ? b : []).Order().ToList();

    /// <summary>The volunteers whose rows each of the four screening tables returns; they must agree.</summary>
    private static async Task<List<Guid>> VolunteerChildrenAsync(AppDbContext db)
    {
        var ct = TestContext.Current.CancellationToken;
        var interviews = (await db.VolunteerInterviews.Select(i => i.VolunteerId).Distinct().ToListAsync(ct)).Order().ToList();
        Assert.Equal(interviews, (await db.PoliceCertificates.Select(c => c.VolunteerId).Distinct().ToListAsync(ct)).Order());
        Assert.Equal(interviews, (await db.TrainingCompletions.Select(t => t.VolunteerId).Distinct().ToListAsync(ct)).Order());
        Assert.Equal(interviews, (await db.DeclarationSignatures.Select(d => d.VolunteerId).Distinct().ToListAsync(ct)).Order());
        return interviews;
    }

    private static T Operation<T>(string name)
        where T : ResourceOperation =>
        (T)typeof(T).GetField(name)!.GetValue(null)!;
}
