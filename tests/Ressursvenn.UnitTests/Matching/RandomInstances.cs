using Ressursvenn.Matching;

namespace Ressursvenn.UnitTests.Matching;

/// <summary>Seeded random women, volunteers and contexts where every hard rule bites now and then.</summary>
internal static class RandomInstances
{
    private static readonly string[] Languages = ["norsk", "Arabisk", "somali", "tigrinja", "engelsk", "polsk"];
    private static readonly string[] Interests = ["tur", "matlaging", "strikking", "sjakk", "kino", "trening", "musikk"];
    private static readonly string[] Municipalities = ["0301", "3201", "3203", "3205", "3207"];
    private static readonly string[] Networks = ["Familien Ali", "menigheten", " familien ali ", "idrettslaget", "FAMILIEN BERG"];
    private static readonly Guid[] Associations = [MatchingData.Association, MatchingData.Neighbour, MatchingData.Id(0xa3)];

    public static (WomanProfile[] Women, VolunteerProfile[] Volunteers, MatchContext Context) Generate(Random r, int women, int volunteers)
    {
        var today = MatchingData.Today.AddDays(r.Next(-800, 800));
        var ws = Enumerable.Range(0, women).Select(i => RandomWoman(r, today, i)).ToArray();
        var vs = Enumerable.Range(0, volunteers).Select(i => RandomVolunteer(r, today, i)).ToArray();
        var acquaintances = new HashSet<PairKey>();
        var doNotMatch = new HashSet<PairKey>();
        foreach (var w in ws)
        {
            foreach (var v in vs)
            {
                if (r.NextDouble() < 0.04) { acquaintances.Add(new(v.Id, w.Id)); }
                if (r.NextDouble() < 0.04) { doNotMatch.Add(new(v.Id, w.Id)); }
            }
        }

        var weights = r.NextDouble() < 0.5 ? ScoreWeights.Default
            : new ScoreWeights(r.Next(0, 4), r.Next(0, 4), r.Next(0, 4), r.Next(0, 4), r.Next(0, 4), r.Next(0, 4), 1 + r.Next(0, 4));
        var context = new MatchContext
        {
            ProposalDate = today,
            AllowedAssociationIds = r.NextDouble() < 0.3
                ? new HashSet<Guid> { Associations[0], Associations[1] } : new HashSet<Guid> { Associations[0] },
            MinimumAge = r.NextDouble() < 0.8 ? 25 : 23,
            DeclaredAcquaintances = acquaintances,
            DoNotMatchPairs = doNotMatch,
            Weights = weights,
        };
        return (ws, vs, context);
    }

    private static WomanProfile RandomWoman(Random r, DateOnly today, int i)
    {
        var requires = r.NextDouble() < 0.25;
        var min = r.NextDouble() < 0.3 ? 25 + r.Next(0, 30) : (int?)null;
        return new WomanProfile
        {
            Id = Guid.CreateVersion7(),
            AssociationId = Associations[0],
            Position = Near(r),
            RequiresLanguage = requires,
            RequiredLanguages = requires || r.NextDouble() < 0.2 ? Some(r, Languages, 2).Select(l => l.ToUpperInvariant()).ToList() : [],
            Languages = Some(r, Languages, 3),
            Interests = Some(r, Interests, 4),
            Availability = new WeeklyAvailability((uint)r.Next(0, 1 << WeeklyAvailability.SlotCount)),
            WishedMinAge = min,
            WishedMaxAge = min is { } m && r.NextDouble() < 0.7 ? m + r.Next(0, 15) : null,
            WishedLanguages = r.NextDouble() < 0.2 ? Some(r, Languages, 2) : [],
            WishesOutsideCommunity = r.NextDouble() < 0.2,
            CommunityLanguages = r.NextDouble() < 0.5 ? Some(r, Languages, 2) : [],
            AreasToAvoid = r.NextDouble() < 0.3 ? Some(r, Municipalities, 2) : [],
            NetworksToAvoid = r.NextDouble() < 0.3 ? Some(r, Networks, 2) : [],
            WaitingSince = today.AddDays(-r.Next(0, 400)),
        };
    }

    private static VolunteerProfile RandomVolunteer(Random r, DateOnly today, int i)
    {
        var capacity = r.Next(1, 3);
        return new VolunteerProfile
        {
            Id = Guid.CreateVersion7(),
            AssociationId = r.NextDouble() < 0.8 ? Associations[0] : Pick(r, Associations),
            MunicipalityCode = Pick(r, Municipalities),
            Position = Near(r),
            BirthDate = today.AddYears(-25).AddDays(r.Next(-3000, 60)),
            Status = r.NextDouble() < 0.85 ? VolunteerStatus.Approved : (VolunteerStatus)r.Next(0, 9),
            NotToBeMatchedAgain = r.NextDouble() < 0.05,
            Capacity = capacity,
            ActiveMatches = r.NextDouble() < 0.8 ? 0 : r.Next(0, capacity + 1),
            PoliceCertificateValid = r.NextDouble() < 0.95,
            MandatoryTrainingDone = r.NextDouble() < 0.95,
            DeclarationSigned = r.NextDouble() < 0.95,
            RequirementsValidUntil = r.NextDouble() < 0.5 ? today.AddDays(r.Next(-30, 300)) : null,
            Languages = Some(r, Languages, 3),
            Interests = Some(r, Interests, 4),
            Availability = new WeeklyAvailability((uint)r.Next(0, 1 << WeeklyAvailability.SlotCount)),
            MaxTravelKm = r.Next(0, 60),
            Networks = r.NextDouble() < 0.3 ? Some(r, Networks, 2) : [],
            ExperienceMatches = r.Next(0, 5),
            WaitingSince = r.NextDouble() < 0.5 ? today.AddDays(-r.Next(0, 400)) : null,
        };
    }

    private static GeoPoint Near(Random r) => new(59.6 + (r.NextDouble() * 0.6), 10.2 + (r.NextDouble() * 1.2));

    private static T Pick<T>(Random r, T[] items) => items[r.Next(items.Length)];

    private static string[] Some(Random r, string[] items, int max) =>
        Enumerable.Range(0, r.Next(0, max + 1)).Select(_ => Pick(r, items)).Distinct().ToArray();
}
