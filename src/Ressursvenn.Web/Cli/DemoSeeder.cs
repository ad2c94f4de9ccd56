using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Cli;

/// <summary>
/// Demo data for trying every role in a minute: a national office, three local associations, two crisis
/// centres and users of every role. Names are generated (Bogus, Norwegian locale) and every e-mail address is
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

        async Task Add(string role, string where, Guid? centre = null, params Guid[] associations)
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
        }

        await Add(Roles.NationalAdmin, "nasjonalt kontor");
        await Add(Roles.PrivacyOfficer, "nasjonalt kontor");
        await Add(Roles.Coordinator, oslo.Name, null, oslo.Id);
        await Add(Roles.Coordinator, oslo.Name, null, oslo.Id);
        await Add(Roles.Coordinator, $"{bergen.Name} + {tromso.Name}", null, bergen.Id, tromso.Id);
        await Add(Roles.CrisisCentreStaff, centreOslo.Name, centreOslo.Id);
        await Add(Roles.CrisisCentreStaff, centreVest.Name, centreVest.Id);
        await Add(Roles.Volunteer, oslo.Name);
        var participants = await AddParticipantsAsync(db, faker, scope.ServiceProvider.GetRequiredService<TimeProvider>(), [(oslo, centreOslo), (bergen, centreVest)], ct);

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
        await output.WriteLineAsync($"  {participants} generated participants (every state, one with a protected identity per association).");

        return 0;
    }

    /// <summary>
    /// Participants in every state for each association: new (one past the acknowledgement deadline), in intake,
    /// waiting for different lengths of time, declined, and one with a protected identity. Names are generated and
    /// phone numbers start with 000, which no Norwegian number does.
    /// </summary>
    private static async Task<int> AddParticipantsAsync(
        AppDbContext db, Faker faker, TimeProvider clock, IReadOnlyList<(LocalAssociation Association, CrisisCentre Centre)> places, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var consents = Enum.GetValues<Domain.Participants.ConsentKind>().ToDictionary(k => k, _ => true);
        var count = 0;
        var backdated = new List<(Domain.Participants.Referral Referral, DateTime At)>();
        foreach (var (association, centre) in places)
        {
            var municipality = association.Municipalities[0].MunicipalityCode;
            // (status, days since the referral, protected identity)
            (Domain.Participants.ParticipantStatus Status, int DaysAgo, bool Protected)[] plan =
            [
                (Domain.Participants.ParticipantStatus.Referred, 1, false),
                (Domain.Participants.ParticipantStatus.Referred, 12, false),
                (Domain.Participants.ParticipantStatus.Intake, 6, false),
                (Domain.Participants.ParticipantStatus.Waiting, 20, false),
                (Domain.Participants.ParticipantStatus.Waiting, 45, true),
                (Domain.Participants.ParticipantStatus.Waiting, 90, false),
                (Domain.Participants.ParticipantStatus.Declined, 60, false),
            ];
            foreach (var (status, daysAgo, isProtected) in plan)
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
                participant.Risk = new Domain.Participants.RiskInformation { NegativeSocialControl = isProtected };
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
                count++;
            }
        }

        await db.SaveChangesAsync(ct);
        // The data layer stamps new rows with the current time; the demo referrals are dated in the past.
        foreach (var (referral, at) in backdated)
        {
            referral.CreatedAt = at;
        }

        await db.SaveChangesAsync(ct);
        return count;
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
