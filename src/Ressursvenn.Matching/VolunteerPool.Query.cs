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
        /// <summary>The languages of which she requires one; null = no requirement (all zero = nobody in the pool speaks one).</summary>
        public required ulong[]? RequiredLanguages { get; init; }
        public required bool[]? AreaToAvoid { get; init; }
        public required HashSet<string>? NetworksToAvoid { get; init; }
        public required HashSet<int>? Blocked { get; init; }
        public required double Lat { get; init; }
        public required double Lon { get; init; }
        public required double CosLat { get; init; }
        /// <summary>Her languages, and those of them that are also required (one shared required language is not "extra").</summary>
        public required ulong[] OwnLanguageMask { get; init; }
        public required ulong[]? RequiredOwnMask { get; init; }
        public required ulong[] InterestMask { get; init; }
        public required int InterestCount { get; init; }
        /// <summary>Languages she wished for; null = no such wish.</summary>
        public required ulong[]? WishedLanguages { get; init; }
        /// <summary>Languages of her community when she wished for someone outside it; null = no such wish.</summary>
        public required ulong[]? CommunityLanguages { get; init; }
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

        var required = woman.RequiresLanguage ? LanguageMask(woman.RequiredLanguages) : null;

        bool[]? areas = null;
        foreach (var code in woman.AreasToAvoid)
        {
            if (municipalityIndex.TryGetValue(Text.Key(code), out var m))
            {
                (areas ??= new bool[municipalityIndex.Count])[m] = true;
            }
        }

        var nets = Networks.Keys(woman.NetworksToAvoid);
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

        var own = new ulong[langStride];
        languages.Fill(woman.Languages, own);
        ulong[]? requiredOwn = null;
        if (required is not null)
        {
            requiredOwn = new ulong[langStride];
            for (var k = 0; k < langStride; k++)
            {
                requiredOwn[k] = own[k] & required[k];
            }
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
            RequiredLanguages = required,
            AreaToAvoid = areas,
            NetworksToAvoid = nets.Count == 0 ? null : nets,
            Blocked = blocked,
            Lat = latR,
            Lon = Geo.ToRadians(woman.Position.Longitude),
            CosLat = Math.Cos(latR),
            OwnLanguageMask = own,
            RequiredOwnMask = requiredOwn,
            InterestMask = interestMaskOfWoman,
            InterestCount = interestCountOfWoman,
            WishedLanguages = LanguageMask(woman.WishedLanguages),
            CommunityLanguages = woman.WishesOutsideCommunity ? LanguageMask(woman.CommunityLanguages) : null,
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

        if (q.RequiredLanguages is { } required && !Vocabulary.Overlaps(required, LanguagesOf(i)))
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
        var extra = ExtraLanguages(q, i);
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

    /// <summary>The languages volunteer i speaks, as a mask.</summary>
    private ReadOnlySpan<ulong> LanguagesOf(int i) => languageMask.AsSpan(i * langStride, langStride);

    /// <summary>The mask of a list of languages; null for an empty list (unknown languages leave no bit: nobody speaks them).</summary>
    private ulong[]? LanguageMask(IReadOnlyList<string> words)
    {
        if (!words.Any(w => !string.IsNullOrWhiteSpace(w)))
        {
            return null;
        }

        var mask = new ulong[langStride];
        languages.Fill(words, mask);
        return mask;
    }

    /// <summary>Her languages volunteer i also speaks, beyond the one that meets her language requirement.</summary>
    private int ExtraLanguages(Query q, int i)
    {
        var mine = LanguagesOf(i);
        var shared = Vocabulary.Shared(q.OwnLanguageMask, mine);
        return q.RequiredOwnMask is { } r && Vocabulary.Overlaps(r, mine) ? shared - 1 : shared;
    }

    /// <summary>
    /// The mean fit of the wishes she expressed (age range, languages, someone outside her community); 1 when she
    /// expressed none.
    /// </summary>
    private double WishFit(Query q, int i)
    {
        var w = q.Woman;
        var count = 0;
        var sum = 0.0;
        if (w.WishedMinAge is not null || w.WishedMaxAge is not null)
        {
            sum += SoftScore.AgeWishFit(w.WishedMinAge, w.WishedMaxAge, Age.On(DateOnly.FromDayNumber(birthDay[i]), q.ProposalDate));
            count++;
        }

        if (q.WishedLanguages is { } wished)
        {
            sum += Vocabulary.Overlaps(wished, LanguagesOf(i)) ? 1 : 0;
            count++;
        }

        if (q.CommunityLanguages is { } community)
        {
            sum += Vocabulary.Overlaps(community, LanguagesOf(i)) ? 0 : 1;
            count++;
        }

        return count == 0 ? 1 : sum / count;
    }
}
