namespace Ressursvenn.Matching;

/// <summary>
/// The volunteers of a search, precomputed once into flat arrays (interned associations and municipalities,
/// language and interest bit masks, positions in radians) so that filtering and scoring 10,000 volunteers for one
/// woman takes well under a millisecond. Immutable; build it again when the volunteers change.
/// </summary>
public sealed partial class VolunteerPool
{
    private readonly Dictionary<Guid, int> associationIndex = [];
    private readonly Dictionary<string, int> municipalityIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, int> indexOfId = [];
    private readonly Vocabulary languages = new();
    private readonly Vocabulary interests = new();

    private readonly Guid[] ids;
    private readonly int[] association;
    private readonly bool[] baseOk;
    private readonly int[] validUntilDay;
    private readonly int[] birthDay;
    private readonly int[] municipality;
    private readonly string[]?[] networks;
    private readonly double[] lat, lon, cosLat, maxKm;
    private readonly ulong[] languageMask, interestMask;
    private readonly int[] interestCount;
    private readonly uint[] availability;
    private readonly int langStride, interestStride;

    private VolunteerPool(IReadOnlyList<VolunteerProfile> volunteers)
    {
        Volunteers = volunteers;
        var n = volunteers.Count;
        foreach (var v in volunteers)
        {
            ArgumentNullException.ThrowIfNull(v);
            languages.Add(v.Languages);
            interests.Add(v.Interests);
        }

        langStride = languages.Stride;
        interestStride = interests.Stride;
        ids = new Guid[n];
        association = new int[n];
        baseOk = new bool[n];
        validUntilDay = new int[n];
        birthDay = new int[n];
        municipality = new int[n];
        networks = new string[]?[n];
        lat = new double[n];
        lon = new double[n];
        cosLat = new double[n];
        maxKm = new double[n];
        languageMask = new ulong[n * langStride];
        interestMask = new ulong[n * interestStride];
        interestCount = new int[n];
        availability = new uint[n];
        for (var i = 0; i < n; i++)
        {
            var v = volunteers[i];
            ids[i] = v.Id;
            if (!indexOfId.TryAdd(v.Id, i))
            {
                throw new ArgumentException($"Volunteer {v.Id} appears twice.", nameof(volunteers));
            }

            association[i] = Intern(associationIndex, v.AssociationId);
            baseOk[i] = v.Status == VolunteerStatus.Approved && !v.NotToBeMatchedAgain && v.ActiveMatches < v.Capacity
                && v.PoliceCertificateValid && v.MandatoryTrainingDone && v.DeclarationSigned;
            validUntilDay[i] = v.RequirementsValidUntil?.DayNumber ?? int.MaxValue;
            birthDay[i] = v.BirthDate.DayNumber;
            municipality[i] = Intern(municipalityIndex, Text.Key(v.MunicipalityCode));
            var nets = Matching.Networks.Keys(v.Networks).ToArray();
            networks[i] = nets.Length == 0 ? null : nets;
            lat[i] = Geo.ToRadians(v.Position.Latitude);
            lon[i] = Geo.ToRadians(v.Position.Longitude);
            cosLat[i] = Math.Cos(lat[i]);
            maxKm[i] = v.MaxTravelKm;
            languages.Fill(v.Languages, languageMask.AsSpan(i * langStride, langStride));
            interestCount[i] = interests.Fill(v.Interests, interestMask.AsSpan(i * interestStride, interestStride));
            availability[i] = v.Availability.Bits;
        }
    }

    /// <summary>The volunteers in the order given; indices in results refer to this list.</summary>
    public IReadOnlyList<VolunteerProfile> Volunteers { get; }

    public int Count => ids.Length;

    public static VolunteerPool Create(IReadOnlyList<VolunteerProfile> volunteers)
    {
        ArgumentNullException.ThrowIfNull(volunteers);
        return new VolunteerPool(volunteers);
    }

    private static int Intern<T>(Dictionary<T, int> map, T key) where T : notnull
    {
        if (!map.TryGetValue(key, out var i))
        {
            i = map.Count;
            map.Add(key, i);
        }

        return i;
    }
}
