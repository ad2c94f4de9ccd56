using Ressursvenn.Matching;

namespace Ressursvenn.Benchmarks;

/// <summary>Seeded synthetic profiles around Oslo: most volunteers approved and within reach.</summary>
internal sealed class ProfileData(int seed)
{
    private static readonly string[] Languages = ["norsk", "engelsk", "arabisk", "somali", "tigrinja", "polsk", "dari", "ukrainsk"];
    private static readonly string[] Interests = ["tur", "matlaging", "strikking", "sjakk", "kino", "trening", "musikk", "lesing", "hage", "barn"];
    private static readonly Guid Association = new("00000000-0000-0000-0000-0000000000a1");
    private static readonly DateOnly Today = new(2026, 11, 25);
    private readonly Random random = new(seed);

    public VolunteerProfile[] Volunteers(int count) => Enumerable.Range(0, count).Select(_ => new VolunteerProfile
    {
        Id = Guid.CreateVersion7(),
        AssociationId = Association,
        MunicipalityCode = (3201 + random.Next(0, 20)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Position = Near(),
        BirthDate = Today.AddDays(-random.Next(20 * 365, 70 * 365)),
        Status = random.NextDouble() < 0.9 ? VolunteerStatus.Approved : VolunteerStatus.Paused,
        Capacity = random.Next(1, 3),
        ActiveMatches = random.NextDouble() < 0.3 ? 1 : 0,
        RequirementsValidUntil = Today.AddDays(random.Next(-30, 700)),
        Languages = Some(Languages, 3).Append("norsk").Distinct().ToArray(),
        Interests = Some(Interests, 4),
        Availability = new WeeklyAvailability((uint)random.Next(0, 1 << WeeklyAvailability.SlotCount)),
        MaxTravelKm = random.Next(10, 60),
        Networks = random.NextDouble() < 0.2 ? ["Familien " + random.Next(0, 200)] : [],
        ExperienceMatches = random.Next(0, 5),
        WaitingSince = random.NextDouble() < 0.5 ? Today.AddDays(-random.Next(0, 400)) : null,
    }).ToArray();

    public WomanProfile Woman() => new()
    {
        Id = Guid.CreateVersion7(),
        AssociationId = Association,
        Position = Near(),
        Languages = ["norsk", "arabisk"],
        Interests = ["tur", "matlaging", "barn"],
        Availability = new WeeklyAvailability((uint)random.Next(0, 1 << WeeklyAvailability.SlotCount)),
        WishedMinAge = 30,
        WishedMaxAge = 50,
        AreasToAvoid = ["3203"],
        NetworksToAvoid = ["familien 7", "Familien 12"],
        WaitingSince = Today.AddDays(-90),
    };

    public MatchContext Context(WomanProfile woman) => new()
    {
        ProposalDate = Today,
        AllowedAssociationIds = new HashSet<Guid> { Association },
        DeclaredAcquaintances = new HashSet<PairKey> { new(Guid.CreateVersion7(), woman.Id) },
    };

    private GeoPoint Near() => new(59.6 + (random.NextDouble() * 0.6), 10.2 + (random.NextDouble() * 1.2));

    private string[] Some(string[] items, int max) =>
        Enumerable.Range(0, random.Next(0, max + 1)).Select(_ => items[random.Next(items.Length)]).Distinct().ToArray();
}
