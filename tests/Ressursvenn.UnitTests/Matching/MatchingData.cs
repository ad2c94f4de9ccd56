using Ressursvenn.Matching;

namespace Ressursvenn.UnitTests.Matching;

/// <summary>Test data: a woman and volunteers who pass every rule unless a test changes one thing.</summary>
internal static class MatchingData
{
    public static readonly Guid Association = new("00000000-0000-0000-0000-0000000000a1");
    public static readonly Guid Neighbour = new("00000000-0000-0000-0000-0000000000a2");
    public static readonly GeoPoint Oslo = new(59.9139, 10.7522);
    public static readonly DateOnly Today = new(2026, 11, 25);

    public static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:x12}");

    public static WomanProfile Woman(int n = 1000) => new()
    {
        Id = Id(n),
        AssociationId = Association,
        Position = Oslo,
        Languages = ["norsk", "arabisk"],
        Interests = ["tur", "matlaging", "strikking"],
        Availability = WeeklyAvailability.None.With(DayOfWeek.Tuesday, PartOfDay.Evening).With(DayOfWeek.Saturday, PartOfDay.Morning),
        WaitingSince = new DateOnly(2026, 6, 1),
    };

    public static VolunteerProfile Volunteer(int n) => new()
    {
        Id = Id(n),
        AssociationId = Association,
        MunicipalityCode = "0301",
        Position = Oslo,
        BirthDate = new DateOnly(1980, 5, 17),
        Languages = ["norsk"],
        Interests = ["tur"],
        Availability = WeeklyAvailability.None.With(DayOfWeek.Tuesday, PartOfDay.Evening),
        MaxTravelKm = 30,
    };

    public static MatchContext Context(params Guid[] extraAssociations) => new()
    {
        ProposalDate = Today,
        AllowedAssociationIds = new HashSet<Guid>([Association, .. extraAssociations]),
    };

    /// <summary>A point <paramref name="km"/> kilometres due north of <paramref name="origin"/>.</summary>
    public static GeoPoint North(GeoPoint origin, double km) =>
        origin with { Latitude = origin.Latitude + (km / Geo.EarthRadiusKm * 180.0 / Math.PI) };
}
