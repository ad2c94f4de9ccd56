using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Matching;

namespace Ressursvenn.Web.Cli;

/// <summary>
/// Demo data for trying every role in a minute: a national office, three local associations, two crisis
/// centres, users of every role, participants in every state, volunteers in every step and matches in every state.
/// Names are generated (Bogus, Norwegian locale) and every e-mail address is
/// on the reserved .invalid domain, so nothing here is a real person's contact. All demo accounts share one
/// password (generated per seeding) and one TOTP key (printed; "demo-code" prints the current code).
/// </summary>
public static class DemoSeeder
{
    /// <summary>The TOTP key of the demo accounts. Public on purpose: it protects nothing but demo data.</summary>
    public const string DemoTotpKey = "DEMOKEYRESSURSVENNDEMOKEY234567A";

    public const string EmailDomain = "demo.ressursvenn.invalid";

    public static string CurrentCode(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return new Totp(Base32Encoding.ToBytes(DemoTotpKey)).ComputeTotp(clock.GetUtcNow().UtcDateTime);
    }

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, int? seed = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Users.AnyAsync(ct) || await db.Associations.AnyAsync(ct))
        {
            await Console.Error.WriteLineAsync("seed-demo fills an empty database only, and this one already holds users or associations.");
            return 1;
        }

        var faker = new Faker("nb_NO");
        if (seed is not null)
        {
            faker.Random = new Randomizer(seed.Value);
        }

        db.NationalOffices.Add(new NationalOffice { Name = "Sanitetskvinnene – nasjonalt kontor (demo)" });
        var oslo = Association("Demo Sanitetsforening Oslo", "03", ["0301"]);
        var bergen = Association("Demo Sanitetsforening Bergen", "46", ["4601", "4631"]);
        var tromso = Association("Demo Sanitetsforening Tromsø", "55", ["5501"]);
        db.Associations.AddRange(oslo, bergen, tromso);
        var centreOslo = new CrisisCentre { Name = "Demo krisesenter Oslo", MunicipalityCode = "0301", Associations = [new() { AssociationId = oslo.Id }] };
        var centreVest = new CrisisCentre
        {
            Name = "Demo krisesenter Vest",
            MunicipalityCode = "4601",
            Associations = [new() { AssociationId = bergen.Id }, new() { AssociationId = tromso.Id }],
        };
        db.CrisisCentres.AddRange(centreOslo, centreVest);
        await db.SaveChangesAsync(ct);

        var password = $"Demo-{faker.Random.AlphaNumeric(6)}-{faker.Random.AlphaNumeric(6)}";
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var store = (IUserAuthenticatorKeyStore<AppUser>)scope.ServiceProvider.GetRequiredService<IUserStore<AppUser>>();
        var logins = new List<(string Role, string Email, string Name, string Where)>();

        async Task<AppUser> Add(string role, string where, Guid? centre = null, params Guid[] associations)
        {
            var first = faker.Name.FirstName(Bogus.DataSets.Name.Gender.Female);
            var last = faker.Name.LastName();
            var email = $"{Slug(first)}.{Slug(last)}.{logins.Count + 1}@{EmailDomain}";
            var user = new AppUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = $"{first} {last}",
                Role = role,
                CrisisCentreId = centre,
                Associations = associations.Select(a => new CoordinatorAssociation { AssociationId = a }).ToList(),
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
            }

            if (Roles.RequiresMfa(role))
            {
                await store.SetAuthenticatorKeyAsync(user, DemoTotpKey, ct);
                user.TwoFactorEnabled = true;
                await users.UpdateAsync(user);
            }

            logins.Add((role, email, user.DisplayName, where));
            return user;
        }

        await Add(Roles.NationalAdmin, "nasjonalt kontor");
        await Add(Roles.PrivacyOfficer, "nasjonalt kontor");
        var osloCoordinator = await Add(Roles.Coordinator, oslo.Name, null, oslo.Id);
        var osloSecond = await Add(Roles.Coordinator, oslo.Name, null, oslo.Id);
        var westCoordinator = await Add(Roles.Coordinator, $"{bergen.Name} + {tromso.Name}", null, bergen.Id, tromso.Id);
        await Add(Roles.CrisisCentreStaff, centreOslo.Name, centreOslo.Id);
        await Add(Roles.CrisisCentreStaff, centreVest.Name, centreVest.Id);
        var volunteerAccount = await Add(Roles.Volunteer, $"{oslo.Name}, godkjent ressursvenn");
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var participants = await AddParticipantsAsync(db, faker, clock, [(oslo, centreOslo), (bergen, centreVest), (tromso, centreVest)], ct);
        var settings = await scope.ServiceProvider.GetRequiredService<Infrastructure.ProgrammeSettingsService>().GetAsync(ct);
        (LocalAssociation Association, Guid[] Coordinators)[] teams =
            [(oslo, [osloCoordinator.Id, osloSecond.Id]), (bergen, [westCoordinator.Id]), (tromso, [westCoordinator.Id])];
        var volunteers = await AddVolunteersAsync(db, faker, clock, settings, teams, volunteerAccount, ct);
        var matches = await AddMatchesAsync(
            db, scope.ServiceProvider.GetRequiredService<MatchingService>(), clock, settings, participants,
            teams.ToDictionary(t => t.Association.Id, t => t.Coordinators), ct);

        await output.WriteLineAsync("Demo data created. Every demo account uses:");
        await output.WriteLineAsync($"  password: {password}");
        await output.WriteLineAsync($"  TOTP key (add once to an authenticator app): {DemoTotpKey}");
        await output.WriteLineAsync("  or print the current code: dotnet run --project src/Ressursvenn.Web -- demo-code");
        await output.WriteLineAsync();
        foreach (var (role, email, name, where) in logins)
        {
            await output.WriteLineAsync($"  {role,-18} {email,-55} {name} ({where})");
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"  {participants.Count} generated participants (every state, one with a protected identity per association).");
        await output.WriteLineAsync(
            $"  {volunteers.Values.Sum()} generated volunteers in every step ("
            + string.Join(", ", Enum.GetValues<VolunteerStatus>().Select(s => $"{s} {volunteers.GetValueOrDefault(s)}"))
            + "); the Volunteer account is one of the approved.");
        await output.WriteLineAsync(
            $"  {matches.Values.Sum()} generated matches in every state ("
            + string.Join(", ", Enum.GetValues<MatchStatus>().Select(s => $"{s} {matches.GetValueOrDefault(s)}"))
            + "); the Volunteer account has a proposal to answer, and some women still wait with free volunteers to suggest.");

        return 0;
    }

    /// <summary>What the demo does with a waiting woman's match (<see cref="AddMatchesAsync"/>).</summary>
    private enum DemoMatch
    {
        None,
        Proposed,
        AcceptedByVolunteer,
        AcceptedByParticipant,
        Active,
        Paused,
        Closing,
        Closed,
        DeclinedByParticipant,
        VolunteerKnowsHer,
        VolunteerLeft,
    }

    /// <summary>
    /// Participants in every state for each association: new (one past the acknowledgement deadline), in intake,
    /// waiting for different lengths of time (one with an area to avoid), declined, one with a protected identity, and
    /// the women whose matches <see cref="AddMatchesAsync"/> makes (all put on the waiting list first). Names are
    /// generated and phone numbers start with 000, which no Norwegian number does.
    /// </summary>
    private static async Task<List<(Domain.Participants.Participant Woman, DemoMatch Match)>> AddParticipantsAsync(
        AppDbContext db, Faker faker, TimeProvider clock, IReadOnlyList<(LocalAssociation Association, CrisisCentre Centre)> places, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var consents = Enum.GetValues<Domain.Participants.ConsentKind>().ToDictionary(k => k, _ => true);
        var women = new List<(Domain.Participants.Participant Woman, DemoMatch Match)>();
        var backdated = new List<(Domain.Participants.Referral Referral, DateTime At)>();
        foreach (var (association, centre) in places)
        {
            var municipality = association.Municipalities[0].MunicipalityCode;
            // A municipality near hers where "the abuser's network lives": one of the association's own where it has
            // several (its volunteers there are then excluded with the reason shown), else a neighbouring one.
            var toAvoid = association.Municipalities.Count > 1 ? association.Municipalities[^1].MunicipalityCode
                : association.CountyCode == "55" ? "5532" : "3201";
            const Domain.Participants.ParticipantStatus waiting = Domain.Participants.ParticipantStatus.Waiting;
            // (status, days since the referral, protected identity, area to avoid, her match)
            (Domain.Participants.ParticipantStatus Status, int DaysAgo, bool Protected, bool Avoids, DemoMatch Match)[] plan =
            [
                (Domain.Participants.ParticipantStatus.Referred, 1, false, false, DemoMatch.None),
                (Domain.Participants.ParticipantStatus.Referred, 12, false, false, DemoMatch.None),
                (Domain.Participants.ParticipantStatus.Intake, 6, false, false, DemoMatch.None),
                (waiting, 20, false, false, DemoMatch.VolunteerKnowsHer),
                (waiting, 45, true, false, DemoMatch.None),
                (waiting, 90, false, false, DemoMatch.DeclinedByParticipant),
                (waiting, 120, false, true, DemoMatch.None),
                (Domain.Participants.ParticipantStatus.Declined, 60, false, false, DemoMatch.None),
                (waiting, 30, false, false, DemoMatch.Proposed),
                (waiting, 50, false, false, DemoMatch.AcceptedByVolunteer),
                (waiting, 70, false, false, DemoMatch.AcceptedByParticipant),
                (waiting, 160, false, false, DemoMatch.Active),
                (waiting, 230, false, false, DemoMatch.Paused),
                (waiting, 280, false, false, DemoMatch.VolunteerLeft),
                (waiting, 430, false, false, DemoMatch.Closing),
                (waiting, 470, false, false, DemoMatch.Closed),
            ];
            foreach (var (status, daysAgo, isProtected, avoids, match) in plan)
            {
                var participant = new Domain.Participants.Participant { Name = faker.Name.FirstName(Bogus.DataSets.Name.Gender.Female), AssociationId = association.Id };
                participant.Contact = new Domain.Participants.SafeContact
                {
                    Channel = faker.PickRandom(Domain.Participants.ContactChannel.Phone, Domain.Participants.ContactChannel.Sms),
                    Phone = $"000 {faker.Random.Number(10, 99)} {faker.Random.Number(100, 999)}",
                    SafeTimes = faker.PickRandom("Hverdager etter kl. 16", "Formiddag", "Helst tirsdag og torsdag"),
                    MayLeaveMessage = faker.Random.Bool(),
                };
                participant.IsProtected = isProtected;
                participant.Area = isProtected ? new Domain.Participants.Area { CoarseCountyCode = association.CountyCode } : new Domain.Participants.Area { MunicipalityCode = municipality };
                participant.Profile = new Domain.Participants.ParticipantProfile
                {
                    Languages = faker.PickRandom(Catalogues.Languages, 2).ToList(),
                    Interests = faker.PickRandom(Catalogues.Interests, 3).ToList(),
                    Needs = faker.PickRandom(Catalogues.Needs.Where(n => n != "other"), 2).ToList(),
                };
                participant.Risk = new Domain.Participants.RiskInformation
                {
                    NegativeSocialControl = isProtected,
                    MunicipalitiesToAvoid = avoids ? [toAvoid] : [],
                };
                if (isProtected)
                {
                    participant.SafetyMarker = "Ring aldri før kl. 16. Ikke legg igjen beskjed.";
                }

                var at = now.AddDays(-daysAgo);
                var referral = Domain.Participants.ParticipantLifecycle.Refer(participant, centre.Id, null, consents, at);
                if (status != Domain.Participants.ParticipantStatus.Referred)
                {
                    Domain.Participants.ParticipantLifecycle.RecordIntake(participant, new Domain.Participants.Intake { HeldOn = DateOnly.FromDateTime(at.AddDays(2)), Summary = "Ønsker sosial kontakt." }, at.AddDays(1));
                }

                if (status is Domain.Participants.ParticipantStatus.Waiting)
                {
                    Domain.Participants.ParticipantLifecycle.PutOnWaitingList(participant, at.AddDays(3));
                }
                else if (status is Domain.Participants.ParticipantStatus.Declined)
                {
                    Domain.Participants.ParticipantLifecycle.Decline(participant, Domain.Participants.DeclineReason.OutsideArea, at.AddDays(2));
                }

                db.Participants.Add(participant);
                backdated.Add((referral, at));
                women.Add((participant, match));
            }
        }

        await db.SaveChangesAsync(ct);
        // The data layer stamps new rows with the current time; the demo referrals are dated in the past.
        foreach (var (referral, at) in backdated)
        {
            referral.CreatedAt = at;
        }

        await db.SaveChangesAsync(ct);
        return women;
    }

    /// <summary>
    /// Volunteers in every step for each association: applicants at each step of the board, ten approved (most of them
    /// matched by <see cref="AddMatchesAsync"/>, some left free) (interview suitable, a fresh police certificate, every mandatory module, the declaration signed),
    /// and the paused, rejected, withdrawn and departed. The steps are taken by the domain rules, dated in the past, by
    /// the association's coordinators; where an association has two, one applicant waits for the second's approval.
    /// The demo volunteer account is linked to one approved volunteer of the first association. Names are generated,
    /// e-mail addresses are on the demo .invalid domain and phone numbers start with 000, which no Norwegian number does.
    /// Returns how many there are in each step, as stored.
    /// </summary>
    private static async Task<Dictionary<VolunteerStatus, int>> AddVolunteersAsync(
        AppDbContext db, Faker faker, TimeProvider clock, ProgrammeSettings settings,
        IReadOnlyList<(LocalAssociation Association, Guid[] Coordinators)> places, AppUser account, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var catalogue = await db.TrainingModules.AsNoTracking().ToListAsync(ct);
        var mandatory = catalogue.Where(m => m.Mandatory && m.Active).ToList();
        var motivations = new[]
        {
            "Jeg vil gjerne være en trygg voksen å gå tur med.",
            "Jeg har selv fått hjelp en gang, og vil gi noe tilbake.",
            "Jeg har tid etter at jeg ble pensjonist, og liker å bli kjent med nye folk.",
            "Jeg vet hvor mye det betyr å ha noen å snakke med.",
        };
        var experiences = new[] { "Hjelpepleier i mange år.", "Leksehjelp i Røde Kors.", "Besøksvenn i tre år.", "Lærer.", "Ingen, men jeg vil gjerne lære." };
        var count = 0;
        var linked = false;
        foreach (var (association, coordinators) in places)
        {
            // (step, days since she applied)
            (VolunteerStatus Status, int DaysAgo)[] plan =
            [
                (VolunteerStatus.Applied, 2), (VolunteerStatus.Applied, 9),
                (VolunteerStatus.Interview, 14), (VolunteerStatus.Interview, 20),
                (VolunteerStatus.Checks, 28),
                (VolunteerStatus.Training, 40), (VolunteerStatus.Training, 55),
                (VolunteerStatus.Approved, 90), (VolunteerStatus.Approved, 200), (VolunteerStatus.Approved, 400), (VolunteerStatus.Approved, 700),
                (VolunteerStatus.Approved, 520), (VolunteerStatus.Approved, 600), (VolunteerStatus.Approved, 250), (VolunteerStatus.Approved, 150),
                (VolunteerStatus.Approved, 120), (VolunteerStatus.Approved, 320),
                (VolunteerStatus.Paused, 300),
                (VolunteerStatus.Rejected, 45),
                (VolunteerStatus.Withdrawn, 35),
                (VolunteerStatus.Left, 500),
            ];
            var awaitingSecond = coordinators.Length >= 2;
            var approved = 0;
            foreach (var (status, daysAgo) in plan)
            {
                // The first approved volunteers live where the association's waiting women live, so every demo match
                // can be made within the hard rules (travel distance) whatever the random draw; the others anywhere.
                var nearby = status is VolunteerStatus.Approved && approved++ < 7;
                var first = faker.Name.FirstName(Bogus.DataSets.Name.Gender.Female);
                var last = faker.Name.LastName(Bogus.DataSets.Name.Gender.Female);
                var applied = now.AddDays(-daysAgo).AddHours(-faker.Random.Int(0, 8));
                var appliedOn = DateOnly.FromDateTime(applied);
                var v = new Volunteer
                {
                    AssociationId = association.Id,
                    Name = $"{first} {last}",
                    Email = $"{Slug(first)}.{Slug(last)}.f{count + 1}@{EmailDomain}",
                    Phone = $"000 {faker.Random.Number(10, 99)} {faker.Random.Number(100, 999)}",
                    BirthDate = DateOnly.FromDateTime(now).AddYears(-faker.Random.Int(27, 72)).AddDays(-faker.Random.Int(0, 364)),
                    MunicipalityCode = nearby ? association.Municipalities[0].MunicipalityCode : faker.PickRandom(association.Municipalities).MunicipalityCode,
                    AppliedAt = applied,
                    Availability = faker.PickRandom(Enumerable.Range(0, 21), faker.Random.Int(3, 9)).Aggregate(0, (bits, slot) => bits | (1 << slot)),
                    MaxTravelKm = faker.PickRandom(5, 10, 20, 30, 50),
                    Capacity = faker.Random.Bool(0.2f) ? 2 : 1,
                    Profile = new VolunteerProfile
                    {
                        Languages = ["nb", .. faker.PickRandom(Catalogues.Languages.Where(l => l != "nb"), faker.Random.Int(0, 2))],
                        Interests = faker.PickRandom(Catalogues.Interests, faker.Random.Int(2, 4)).ToList(),
                        Motivation = faker.PickRandom(motivations),
                        Experience = faker.PickRandom(experiences),
                    },
                };
                var interviewer = faker.PickRandom(coordinators);

                // The board, one step at a time, by the rules.
                var reached = status is VolunteerStatus.Rejected ? VolunteerStatus.Interview
                    : status is VolunteerStatus.Withdrawn ? VolunteerStatus.Checks
                    : status is VolunteerStatus.Approved or VolunteerStatus.Paused or VolunteerStatus.Left ? VolunteerStatus.Training
                    : status;
                while (v.Status != reached)
                {
                    VolunteerScreening.MoveOn(v);
                }

                if (reached is VolunteerStatus.Checks or VolunteerStatus.Training || status is VolunteerStatus.Rejected)
                {
                    var heldOn = appliedOn.AddDays(7);
                    var suitability = status is VolunteerStatus.Rejected ? Suitability.NotSuitable : Suitability.Suitable;
                    VolunteerScreening.RecordInterview(v, heldOn, interviewer, suitability, null, heldOn);
                }

                if (reached is VolunteerStatus.Training)
                {
                    var shownOn = appliedOn.AddDays(14);
                    VolunteerScreening.RecordCertificate(
                        v, shownOn, shownOn.AddDays(-faker.Random.Int(5, 60)), "Frivillig ressursvenn i Sanitetskvinnene", interviewer, shownOn, settings);
                    // The second applicant in training is only half-way; everyone past training has done it all.
                    var done = status is VolunteerStatus.Training && daysAgo < 50 ? mandatory.Take(mandatory.Count / 2) : mandatory;
                    foreach (var (module, i) in done.Select((m, i) => (m, i)))
                    {
                        var on = appliedOn.AddDays(16 + i);
                        VolunteerScreening.RecordTraining(v, module, on, interviewer, on);
                    }

                    if (status is not VolunteerStatus.Training || daysAgo >= 50)
                    {
                        v.Declarations.Add(new DeclarationSignature { VolunteerId = v.Id, TextVersion = DeclarationSignature.CurrentTextVersion, SignedAt = applied.AddDays(22) });
                    }
                }

                var approvedAt = applied.AddDays(30);
                if (status is VolunteerStatus.Approved or VolunteerStatus.Paused or VolunteerStatus.Left)
                {
                    var outcome = VolunteerRules.Approve(v, interviewer, 1, catalogue, approvedAt, DateOnly.FromDateTime(approvedAt), settings);
                    if (!outcome.Approved)
                    {
                        throw new InvalidOperationException("A demo volunteer does not meet the requirements: " + string.Join(", ", outcome.Missing));
                    }
                }
                else if (status is VolunteerStatus.Training && daysAgo >= 50 && awaitingSecond)
                {
                    // Everything is in place and one coordinator has asked: the other one confirms (four-eyes).
                    VolunteerRules.Approve(v, coordinators[0], coordinators.Length, catalogue, now.AddDays(-1), DateOnly.FromDateTime(now), settings);
                }

                switch (status)
                {
                    case VolunteerStatus.Paused:
                        v.Status = VolunteerStatus.Paused;
                        v.PausedAt = now.AddDays(-faker.Random.Int(5, 40));
                        break;
                    case VolunteerStatus.Rejected:
                        VolunteerScreening.Reject(v, applied.AddDays(10));
                        break;
                    case VolunteerStatus.Withdrawn:
                        VolunteerScreening.Withdraw(v, applied.AddDays(12));
                        break;
                    case VolunteerStatus.Left:
                        // Her police-certificate record went when she left (docs/domain.md §8).
                        VolunteerScreening.Leave(v, now.AddDays(-faker.Random.Int(10, 60)));
                        break;
                    case VolunteerStatus.Approved when !linked:
                        // The demo volunteer account: her own pages show this record.
                        v.Name = account.DisplayName;
                        v.Email = account.Email!;
                        v.UserId = account.Id;
                        linked = true;
                        break;
                    default:
                        break;
                }

                db.Volunteers.Add(v);
                count++;
            }
        }

        await db.SaveChangesAsync(ct);
        var byStatus = await db.Volunteers.GroupBy(v => v.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return byStatus.ToDictionary(g => g.Key, g => g.Count);
    }

    /// <summary>
    /// Matches in every state for each association, for the women planned in <see cref="AddParticipantsAsync"/>: each is
    /// proposed through the matching service (every hard rule checked on the stored records, the capacity slots taken as
    /// in the app), dated in the past and taken on by the domain steps: accepted by the volunteer, by the woman, the start
    /// meeting held (Active, with the planned end from the settings; she and her referral Matched), paused, closing,
    /// closed as planned, handed back by a volunteer who paused mid-match, declined by the woman, and declined by a volunteer
    /// who knows her (the pair blocked). The
    /// volunteer account answers the first association's proposal herself. Returns how many there are in each state.
    /// </summary>
    private static async Task<Dictionary<MatchStatus, int>> AddMatchesAsync(
        AppDbContext db, MatchingService matching, TimeProvider clock, ProgrammeSettings settings,
        IReadOnlyList<(Domain.Participants.Participant Woman, DemoMatch Match)> women, Dictionary<Guid, Guid[]> coordinators, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = WorkingDays.OsloDate(clock.GetUtcNow());
        var candidates = await db.Volunteers.AsNoTracking().Where(v => v.Status == VolunteerStatus.Approved)
            .Select(v => new { v.Id, v.AssociationId, v.ApprovedAt, v.UserId }).ToListAsync(ct);
        var accountAsked = false;
        // Oldest first, so the volunteers approved longest ago take the oldest matches.
        foreach (var (woman, plan) in women.Where(w => w.Match != DemoMatch.None).OrderByDescending(w => w.Woman.WaitingSince is { } since ? now - since : TimeSpan.Zero))
        {
            // Days ago: proposed, the volunteer answered, the woman answered, the start meeting.
            var (proposed, volunteerAnswer, participantAnswer, started) = plan switch
            {
                DemoMatch.Proposed => (3, 0, 0, 0),
                DemoMatch.AcceptedByVolunteer => (10, 8, 0, 0),
                DemoMatch.AcceptedByParticipant => (20, 17, 12, 0),
                DemoMatch.Active => (130, 127, 120, 110),
                DemoMatch.Paused => (200, 196, 190, 180),
                DemoMatch.Closing => (400, 397, 390, 370),
                DemoMatch.Closed => (440, 436, 430, 410),
                DemoMatch.VolunteerLeft => (270, 266, 260, 250),
                DemoMatch.DeclinedByParticipant => (30, 28, 25, 0),
                _ => (8, 6, 0, 0),
            };
            var proposedAt = now.AddDays(-proposed).AddHours(-2);
            var coordinator = coordinators[woman.AssociationId][0];
            var pool = candidates.Where(v => v.AssociationId == woman.AssociationId && v.ApprovedAt < proposedAt)
                .OrderBy(v => v.ApprovedAt).ToList();
            if (plan == DemoMatch.Proposed && !accountAsked && pool.FindIndex(v => v.UserId is not null) is var own and >= 0)
            {
                // The demo volunteer account gets a proposal of her own to answer.
                pool.Insert(0, pool[own]);
                pool.RemoveAt(own + 1);
                accountAsked = true;
            }

            Match? match = null;
            foreach (var volunteer in pool)
            {
                var result = await matching.ProposeAsync(woman, volunteer.Id, coordinator, ct);
                if (result.Match is not null)
                {
                    match = result.Match;
                    break;
                }
            }

            if (match is null)
            {
                throw new InvalidOperationException($"No demo volunteer meets the hard rules for a demo match ({plan}).");
            }

            match.ProposedAt = proposedAt;
            if (plan == DemoMatch.VolunteerKnowsHer)
            {
                db.PairBlocks.Add(MatchLifecycle.VolunteerAnswers(match, knowsHer: true, accepts: false, now.AddDays(-volunteerAnswer))!);
            }
            else if (plan != DemoMatch.Proposed)
            {
                MatchLifecycle.VolunteerAnswers(match, knowsHer: false, accepts: true, now.AddDays(-volunteerAnswer));
                if (plan != DemoMatch.AcceptedByVolunteer)
                {
                    MatchLifecycle.RecordParticipantAnswer(match, plan != DemoMatch.DeclinedByParticipant, coordinator, now.AddDays(-participantAnswer));
                }

                if (started > 0)
                {
                    MatchLifecycle.RecordStartMeeting(
                        match, woman, today.AddDays(-started), crisisCentrePresent: plan == DemoMatch.Active, settings.MatchPlannedMonths, today);
                }
            }

            // Pausing and closing are later steps of the follow-up; the demo sets their fields as the workflow will.
            switch (plan)
            {
                case DemoMatch.Paused:
                    match.Status = MatchStatus.Paused;
                    match.PausedAt = now.AddDays(-14);
                    break;
                case DemoMatch.Closing:
                    match.Status = MatchStatus.Closing;
                    break;
                case DemoMatch.VolunteerLeft:
                    // Her volunteer took a break mid-match (and has since come back): the woman waits for a new one,
                    // keeping her waiting time, and the coordinator sees "find a new volunteer".
                    MatchLifecycle.VolunteerLeftRunningMatch(match, woman, now.AddDays(-20));
                    break;
                case DemoMatch.Closed:
                    var closedAt = now.AddDays(-40);
                    match.Status = MatchStatus.Closed;
                    match.CloseReason = MatchCloseReason.CompletedAsPlanned;
                    match.ClosedAt = closedAt;
                    match.ParticipantSlot = null;
                    match.VolunteerSlot = null;
                    woman.Status = Domain.Participants.ParticipantStatus.Closed;
                    woman.ClosedAt = closedAt;
                    var referral = Domain.Participants.ParticipantLifecycle.OpenReferral(woman);
                    referral.Status = Domain.Participants.ReferralStatus.Closed;
                    referral.ClosedAt = closedAt;
                    break;
                default:
                    break;
            }

            if (await matching.SaveProposalAsync(match, ct) is { } refused)
            {
                throw new InvalidOperationException($"A demo match could not be saved ({refused}).");
            }
        }

        var byStatus = await db.Matches.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return byStatus.ToDictionary(g => g.Key, g => g.Count);
    }

    private static LocalAssociation Association(string name, string county, string[] municipalities) => new()
    {
        Name = name,
        CountyCode = county,
        Municipalities = municipalities.Select(m => new AssociationMunicipality { MunicipalityCode = m }).ToList(),
    };

    private static string Slug(string value) =>
        new string(value.ToLowerInvariant().Replace("æ", "ae", StringComparison.Ordinal).Replace("ø", "o", StringComparison.Ordinal)
            .Replace("å", "a", StringComparison.Ordinal).Where(char.IsAsciiLetter).ToArray());
}
