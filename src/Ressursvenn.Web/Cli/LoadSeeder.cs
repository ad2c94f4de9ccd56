using System.Security.Cryptography;
using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.Web.Cli;

/// <summary>
/// Benchmark data only (bench/load/run.sh): one local association covering every municipality of a county, with a
/// large number of approved volunteers spread over the county as people live there (municipalities weighted by
/// population, a real postal code each), one waiting woman and one coordinator with a generated password and TOTP key,
/// which are printed so the load script can log in through the real pages. Everything is generated and marked as
/// such: names from Bogus, e-mail addresses on the reserved .invalid domain, phone numbers starting with 000. It
/// refuses a database that already holds users or associations unless told otherwise (--force), so it is never run
/// into real data by mistake.
/// </summary>
public static class LoadSeeder
{
    public const string EmailDomain = "load.ressursvenn.invalid";

    private const int Batch = 500;

    public sealed record Options(int Volunteers, string CountyCode, bool Force, int Seed);

    public static async Task<int> RunAsync(IServiceProvider services, Options options, TextWriter output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (options.Volunteers is < 1 or > 200_000)
        {
            await Console.Error.WriteLineAsync("seed-load: --volunteers must be between 1 and 200000.");
            return 1;
        }

        await using var scope = services.CreateSystemScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        if (!options.Force && (await db.Users.AnyAsync(ct) || await db.Associations.AnyAsync(ct)))
        {
            await Console.Error.WriteLineAsync(
                "seed-load writes benchmark data into an EMPTY database only, and this one already holds users or associations "
                + "(add --force to add a benchmark association anyway).");
            return 1;
        }

        var municipalities = await db.Municipalities.AsNoTracking().Where(m => m.CountyCode == options.CountyCode).OrderBy(m => m.Code).ToListAsync(ct);
        if (municipalities.Count == 0)
        {
            await Console.Error.WriteLineAsync($"seed-load: no municipalities in county {options.CountyCode} in the reference data.");
            return 1;
        }

        var codes = municipalities.Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        var postal = (await db.PostalCodes.AsNoTracking().Where(p => p.Current && p.Latitude != null).ToListAsync(ct))
            .Where(p => codes.Contains(p.MunicipalityCode))
            .GroupBy(p => p.MunicipalityCode).ToDictionary(g => g.Key, g => g.Select(p => p.Code).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var clock = sp.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = WorkingDays.OsloDate(clock.GetUtcNow());
        var faker = new Faker("nb_NO") { Random = new Randomizer(options.Seed) };
        var county = await db.Counties.AsNoTracking().Where(c => c.Code == options.CountyCode).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? options.CountyCode;

        var association = new LocalAssociation
        {
            Name = $"Lasttest Sanitetsforening {county} (generert)",
            CountyCode = options.CountyCode,
            Municipalities = municipalities.Select(m => new AssociationMunicipality { MunicipalityCode = m.Code }).ToList(),
        };
        db.Associations.Add(association);
        var home = municipalities.MaxBy(m => m.Population)!;
        var centre = new CrisisCentre { Name = $"Lasttest krisesenter {county} (generert)", MunicipalityCode = home.Code, Associations = [new() { AssociationId = association.Id }] };
        db.CrisisCentres.Add(centre);
        await db.SaveChangesAsync(ct);

        // The coordinator: a real account with a password and an authenticator key, like every staff member.
        var password = "Load-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9));
        var totpKey = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        var users = sp.GetRequiredService<UserManager<AppUser>>();
        var store = (IUserAuthenticatorKeyStore<AppUser>)sp.GetRequiredService<IUserStore<AppUser>>();
        var email = $"koordinator.{Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}@{EmailDomain}";
        var coordinator = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Lasttest Koordinator",
            Role = Roles.Coordinator,
            Associations = [new CoordinatorAssociation { AssociationId = association.Id }],
        };
        var created = await users.CreateAsync(coordinator, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Code)));
        }

        await store.SetAuthenticatorKeyAsync(coordinator, totpKey, ct);
        coordinator.TwoFactorEnabled = true;
        await users.UpdateAsync(coordinator);

        // One woman waiting in the county's largest municipality.
        var woman = new Participant { Name = "Lasttest Deltaker", AssociationId = association.Id };
        woman.Contact = new SafeContact { Channel = ContactChannel.Sms, Phone = "000 00 000", SafeTimes = "Hverdager etter kl. 16" };
        woman.Area = new Area { MunicipalityCode = home.Code };
        woman.Profile = new ParticipantProfile { Languages = ["nb", "ar"], Interests = ["walks", "coffee", "crafts"], Needs = ["social"] };
        woman.Risk = new RiskInformation { NegativeSocialControl = true };
        var consents = Enum.GetValues<ConsentKind>().ToDictionary(k => k, _ => true);
        var referredAt = now.AddDays(-40);
        ParticipantLifecycle.Refer(woman, centre.Id, null, consents, referredAt);
        ParticipantLifecycle.RecordIntake(woman, new Intake { HeldOn = DateOnly.FromDateTime(referredAt.AddDays(3)), Summary = "Generert.", VolunteerMinAge = 30, VolunteerMaxAge = 65 }, referredAt.AddDays(2));
        ParticipantLifecycle.PutOnWaitingList(woman, referredAt.AddDays(4));
        db.Participants.Add(woman);
        await db.SaveChangesAsync(ct);

        var settings = await sp.GetRequiredService<Infrastructure.ProgrammeSettingsService>().GetAsync(ct);
        var catalogue = await db.TrainingModules.AsNoTracking().ToListAsync(ct);
        var mandatory = catalogue.Where(m => m.Mandatory && m.Active).ToList();
        var places = municipalities.ToArray();
        var weights = places.Select(m => (float)Math.Max(m.Population, 1)).ToArray();
        var otherLanguages = Catalogues.Languages.Where(l => l != "nb").ToArray();
        // Languages other than Norwegian, the commonest first, roughly as in Norway's population.
        var languageWeights = otherLanguages.Select((_, i) => 1f / (i + 1)).ToArray();
        var added = 0;
        while (added < options.Volunteers)
        {
            var count = Math.Min(Batch, options.Volunteers - added);
            for (var i = 0; i < count; i++)
            {
                var municipality = faker.Random.WeightedRandom(places, weights);
                var first = faker.Name.FirstName(Bogus.DataSets.Name.Gender.Female);
                var last = faker.Name.LastName(Bogus.DataSets.Name.Gender.Female);
                var approvedAt = now.AddDays(-faker.Random.Int(1, 700)).AddMinutes(-faker.Random.Int(0, 600));
                var applied = approvedAt.AddDays(-faker.Random.Int(30, 90));
                var languages = new List<string> { "nb" };
                for (var n = faker.Random.WeightedRandom([0, 1, 2], [0.55f, 0.35f, 0.10f]); n > 0; n--)
                {
                    var language = faker.Random.WeightedRandom(otherLanguages, languageWeights);
                    if (!languages.Contains(language))
                    {
                        languages.Add(language);
                    }
                }

                var v = new Volunteer
                {
                    AssociationId = association.Id,
                    Name = $"{first} {last}",
                    Email = $"frivillig.{added + i + 1}@{EmailDomain}",
                    Phone = $"000 {faker.Random.Number(10, 99)} {faker.Random.Number(100, 999)}",
                    BirthDate = today.AddYears(-faker.Random.Int(28, 75)).AddDays(-faker.Random.Int(0, 364)),
                    MunicipalityCode = municipality.Code,
                    PostalCode = postal.TryGetValue(municipality.Code, out var inside) ? faker.PickRandom(inside) : null,
                    AppliedAt = applied,
                    Availability = faker.PickRandom(Enumerable.Range(0, 21), faker.Random.Int(2, 9)).Aggregate(0, (bits, slot) => bits | (1 << slot)),
                    MaxTravelKm = faker.PickRandom(5, 10, 15, 20, 30, 50),
                    Capacity = faker.Random.Bool(0.2f) ? 2 : 1,
                    Profile = new VolunteerProfile
                    {
                        Languages = languages,
                        Interests = faker.PickRandom(Catalogues.Interests, faker.Random.Int(1, 5)).ToList(),
                        Motivation = "Generert for lasttest.",
                    },
                };

                // The screening steps by the rules, dated before her approval.
                while (v.Status != VolunteerStatus.Training)
                {
                    VolunteerScreening.MoveOn(v);
                }

                var appliedOn = DateOnly.FromDateTime(applied);
                VolunteerScreening.RecordInterview(v, appliedOn.AddDays(7), coordinator.Id, Suitability.Suitable, null, today);
                var shownOn = appliedOn.AddDays(14);
                VolunteerScreening.RecordCertificate(v, shownOn, shownOn.AddDays(-faker.Random.Int(5, 60)), "Frivillig ressursvenn i Sanitetskvinnene",
                    coordinator.Id, today, settings);
                foreach (var (module, n) in mandatory.Select((m, n) => (m, n)))
                {
                    VolunteerScreening.RecordTraining(v, module, appliedOn.AddDays(16 + n), coordinator.Id, today);
                }

                v.Declarations.Add(new DeclarationSignature { VolunteerId = v.Id, TextVersion = DeclarationSignature.CurrentTextVersion, SignedAt = applied.AddDays(22) });
                var outcome = VolunteerRules.Approve(v, coordinator.Id, 1, catalogue, approvedAt, DateOnly.FromDateTime(approvedAt), settings);
                if (!outcome.Approved)
                {
                    throw new InvalidOperationException("A generated volunteer does not meet the requirements: " + string.Join(", ", outcome.Missing));
                }

                db.Volunteers.Add(v);
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            added += count;
        }

        await output.WriteLineAsync("BENCHMARK data created (generated, not real people):");
        await output.WriteLineAsync($"  association: {association.Name} ({municipalities.Count} municipalities of county {options.CountyCode})");
        await output.WriteLineAsync($"  volunteers: {added} approved");
        await output.WriteLineAsync($"  woman: {woman.Id}");
        await output.WriteLineAsync($"  email: {email}");
        await output.WriteLineAsync($"  password: {password}");
        await output.WriteLineAsync($"  totp-key: {totpKey}");
        return 0;
    }
}
