namespace Ressursvenn.Matching;

public sealed partial class VolunteerPool
{
    /// <summary>One woman's side of the rules and score, precomputed against this pool.</summary>
    private sealed class Query
    {
        public required WomanProfile Woman { get; init; }
        public required DateOnly ProposalDate { get; init; }
        public required bool[] AllowedAssociation { get; init; }
        public required int LatestBirthDay { get; init; }
        /// <summary>Language index she requires; -1 none; int.MaxValue = nobody in the pool speaks it.</summary>
        public required int RequiredLanguage { get; init; }
        public required bool[]? AreaToAvoid { get; init; }
        public required HashSet<string>? NetworksToAvoid { get; init; }
        public required HashSet<int>? Blocked { get; init; }
        public required double Lat { get; init; }
        public required double Lon { get; init; }
        public required double CosLat { get; init; }
        public required ulong[] ExtraLanguageMask { get; init; }
        public required ulong[] InterestMask { get; init; }
        public required int InterestCount { get; init; }
        public required int WishedLanguage { get; init; }
        public required double[] PointsPerPart { get; init; }
    }

    private Query Prepare(WomanProfile woman, MatchContext context)
    {
        ArgumentNullException.ThrowIfNull(woman);
        ArgumentNullException.ThrowIfNull(context);
        var allowed = new bool[associationIndex.Count];
        foreach (var (id, i) in associationIndex)
        {
            allowed[i] = context.AllowedAssociationIds.Contains(id);
        }

        var required = -1;
        if (woman.RequiresLanguage && !string.IsNullOrWhiteSpace(woman.RequiredLanguage))
        {
            required = languages.IndexOf(woman.RequiredLanguage);
            required = required < 0 ? int.MaxValue : required;
        }

        bool[]? areas = null;
        foreach (var code in woman.AreasToAvoid)
        {
            if (municipalityIndex.TryGetValue(Text.Key(code), out var m))
            {
                (areas ??= new bool[municipalityIndex.Count])[m] = true;
            }
        }

        var nets = woman.NetworksToAvoid.Select(Text.Key).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
        HashSet<int>? blocked = null;
        foreach (var set in (IEnumerable<PairKey>[])[context.DeclaredAcquaintances, context.DoNotMatchPairs])
        {
            foreach (var pair in set)
            {
                if (pair.WomanId == woman.Id && indexOfId.TryGetValue(pair.VolunteerId, out var v))
                {
                    (blocked ??= []).Add(v);
                }
            }
        }

        var extra = new ulong[langStride];
        languages.Fill(woman.Languages, extra);
        if (required is >= 0 and < int.MaxValue)
        {
            extra[required >> 6] &= ~(1UL << (required & 63));
        }

        var interestMaskOfWoman = new ulong[interestStride];
        var interestCountOfWoman = interests.Fill(woman.Interests, interestMaskOfWoman);
        var latR = Geo.ToRadians(woman.Position.Latitude);
        return new Query
        {
            Woman = woman,
            ProposalDate = context.ProposalDate,
            AllowedAssociation = allowed,
            LatestBirthDay = Age.LatestBirthDateForAge(context.ProposalDate, context.MinimumAge).DayNumber,
            RequiredLanguage = required,
            AreaToAvoid = areas,
            NetworksToAvoid = nets.Count == 0 ? null : nets,
            Blocked = blocked,
            Lat = latR,
            Lon = Geo.ToRadians(woman.Position.Longitude),
            CosLat = Math.Cos(latR),
            ExtraLanguageMask = extra,
            InterestMask = interestMaskOfWoman,
            InterestCount = interestCountOfWoman,
            WishedLanguage = string.IsNullOrWhiteSpace(woman.WishedLanguage) ? -1
                : languages.IndexOf(woman.WishedLanguage) is var wl and >= 0 ? wl : int.MaxValue,
            PointsPerPart = context.Weights.PointsPerPart(),
        };
    }

    /// <summary>The fast form of <see cref="HardRules.Evaluate"/>: true when no rule excludes volunteer i.</summary>
    private bool IsAllowed(Query q, int i, int proposalDay, out double km)
    {
        km = 0;
        if (!baseOk[i] || validUntilDay[i] < proposalDay || birthDay[i] > q.LatestBirthDay
            || !q.AllowedAssociation[association[i]])
        {
            return false;
        }

        if (q.RequiredLanguage >= 0 && (q.RequiredLanguage == int.MaxValue
            || (languageMask[(i * langStride) + (q.RequiredLanguage >> 6)] & (1UL << (q.RequiredLanguage & 63))) == 0))
        {
            return false;
        }

        if ((q.AreaToAvoid is { } areas && areas[municipality[i]]) || (q.Blocked is { } b && b.Contains(i)))
        {
            return false;
        }

        if (q.NetworksToAvoid is { } avoid && networks[i] is { } mine)
        {
            foreach (var net in mine)
            {
                if (avoid.Contains(net))
                {
                    return false;
                }
            }
        }

        km = Geo.DistanceKm(q.Lat, q.Lon, q.CosLat, lat[i], lon[i], cosLat[i]);
        return km <= maxKm[i];
    }

    /// <summary>The fit (0..1) of each part for volunteer i, and the total in points; same arithmetic as the breakdown.</summary>
    private double Fits(Query q, int i, double km, Span<double> fit)
    {
        var max = maxKm[i];
        fit[0] = max > 0 ? Math.Max(0, 1 - (km / max)) : (km <= 0 ? 1 : 0);
        var vi = interestMask.AsSpan(i * interestStride, interestStride);
        var shared = Vocabulary.Shared(q.InterestMask, vi);
        var union = q.InterestCount + interestCount[i] - shared;
        fit[1] = union == 0 ? 0 : (double)shared / union;
        var wAvail = q.Woman.Availability.Bits;
        var wSlots = System.Numerics.BitOperations.PopCount(wAvail);
        fit[2] = wSlots == 0 ? 0 : (double)System.Numerics.BitOperations.PopCount(wAvail & availability[i]) / wSlots;
        var extra = Vocabulary.Shared(q.ExtraLanguageMask, languageMask.AsSpan(i * langStride, langStride));
        fit[3] = (double)Math.Min(extra, ScoreMath.ExtraLanguagesCap) / ScoreMath.ExtraLanguagesCap;
        fit[4] = WishFit(q, i);
        var v = Volunteers[i];
        fit[5] = (double)Math.Clamp(v.ExperienceMatches, 0, ScoreMath.ExperienceCap) / ScoreMath.ExperienceCap;
        var months = v.WaitingSince is { } since ? ScoreMath.WholeMonthsBetween(since, q.ProposalDate) : 0;
        fit[6] = (double)Math.Min(months, ScoreMath.FairnessCapMonths) / ScoreMath.FairnessCapMonths;
        var total = 0.0;
        for (var k = 0; k < ScoreMath.PartCount; k++)
        {
            total += fit[k] * q.PointsPerPart[k];
        }

        return total;
    }

    /// <summary>The mean fit of the wishes she expressed (age range, language); 1 when she expressed none.</summary>
    private double WishFit(Query q, int i)
    {
        var w = q.Woman;
        var count = 0;
        var sum = 0.0;
        if (w.WishedMinAge is not null || w.WishedMaxAge is not null)
        {
            var age = Age.On(DateOnly.FromDayNumber(birthDay[i]), q.ProposalDate);
            var outside = Math.Max(0, Math.Max((w.WishedMinAge ?? age) - age, age - (w.WishedMaxAge ?? age)));
            sum += Math.Max(0, 1 - (outside / ScoreMath.AgeWishToleranceYears));
            count++;
        }

        if (q.WishedLanguage >= 0)
        {
            var speaks = q.WishedLanguage != int.MaxValue
                && (languageMask[(i * langStride) + (q.WishedLanguage >> 6)] & (1UL << (q.WishedLanguage & 63))) != 0;
            sum += speaks ? 1 : 0;
            count++;
        }

        return count == 0 ? 1 : sum / count;
    }
}
