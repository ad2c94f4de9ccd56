using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// The matching engine's explanations in plain words, for coordinators' pages and the API alike: each part of a
/// score ("12 km", "3 felles interesser", "begge ledige tirsdag kveld", "snakker også arabisk", "har ventet 4
/// måneder") and each hard rule that excludes a volunteer ("Exclusion.{Code}", with the numbers when the profiles
/// are at hand). The engine's own raw values and reasons are English and for developers; these are what people read.
/// </summary>
public static partial class MatchingTexts
{
    /// <summary>A score part in words: its name, what was measured, the points it gives, and whether it is worth a chip.</summary>
    public sealed record PartText(Engine.ScorePartKind Kind, string Label, string Text, double Points, bool Chip);

    /// <summary>Every part of the score, in the engine's order. The profiles give names (shared times, languages) where the raw value has only a count.</summary>
    public static IReadOnlyList<PartText> Parts(IStringLocalizer t, Engine.ScoreBreakdown score, Engine.WomanProfile woman, Engine.VolunteerProfile volunteer, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(score);
        return score.Parts.Select(p => Part(t, p, woman, volunteer, today)).ToList();
    }

    /// <summary>One part of a score in words.</summary>
    public static PartText Part(IStringLocalizer t, Engine.ScorePart part, Engine.WomanProfile woman, Engine.VolunteerProfile volunteer, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(woman);
        ArgumentNullException.ThrowIfNull(volunteer);
        var count = (int)Math.Round(Number(part.RawValue));
        var text = part.Kind switch
        {
            Engine.ScorePartKind.Distance => t["Matching.Km", Km(Number(part.RawValue))].Value,
            Engine.ScorePartKind.Interests => Counted(t, "Matching.SharedInterests", count),
            Engine.ScorePartKind.Availability => Availability(t, woman, volunteer),
            Engine.ScorePartKind.ExtraLanguages => ExtraLanguages(t, woman, volunteer, count),
            Engine.ScorePartKind.Wishes => Wishes(t, woman, volunteer, today),
            Engine.ScorePartKind.Experience => Counted(t, "Matching.Experience", count),
            Engine.ScorePartKind.Fairness => volunteer.WaitingSince is null ? t["Matching.Waited.NotWaiting"] : Counted(t, "Matching.Waited", count),
            _ => part.RawValue,
        };
        var chip = part.Kind == Engine.ScorePartKind.Distance || Math.Round(part.Points, 1) > 0;
        return new PartText(part.Kind, t["ScorePart." + part.Kind], text, part.Points, chip);
    }

    /// <summary>The short line of a suggestion card: the parts that count, joined by " · ".</summary>
    public static string Chips(IEnumerable<PartText> parts) =>
        string.Join(" · ", parts.Where(p => p.Chip).Select(p => p.Text));

    /// <summary>A score 0–100 as people read it (whole points).</summary>
    public static string Score(double total) => Math.Round(total, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.CurrentCulture);

    /// <summary>The points of one part (one decimal).</summary>
    public static string Points(double points) => points.ToString("0.#", CultureInfo.CurrentCulture);

    /// <summary>The rule that excluded a volunteer, in words, without numbers (when the profiles are not at hand).</summary>
    public static string Exclusion(IStringLocalizer t, Engine.ExclusionCode code)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t["Exclusion." + code];
    }

    /// <summary>The rule that excluded a volunteer, in words, with what was measured ("(45 km – reiser høyst 30 km)").</summary>
    public static string Exclusion(IStringLocalizer t, Engine.Exclusion exclusion, Engine.WomanProfile woman, Engine.VolunteerProfile volunteer, Engine.MatchContext context)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(exclusion);
        ArgumentNullException.ThrowIfNull(woman);
        ArgumentNullException.ThrowIfNull(volunteer);
        ArgumentNullException.ThrowIfNull(context);
        var rule = Exclusion(t, exclusion.Code);
        string? detail = exclusion.Code switch
        {
            Engine.ExclusionCode.NoCapacity => t["Exclusion.NoCapacity.Detail", volunteer.ActiveMatches, volunteer.Capacity],
            Engine.ExclusionCode.TooYoung => t["Exclusion.TooYoung.Detail", Engine.Age.On(volunteer.BirthDate, context.ProposalDate), context.MinimumAge],
            Engine.ExclusionCode.Language when woman.RequiredLanguages.Count > 0 => t["Exclusion.Language.Detail", Codes(t, "Language.", woman.RequiredLanguages)],
            Engine.ExclusionCode.BeyondTravelDistance => t["Exclusion.BeyondTravelDistance.Detail",
                Km(Engine.Geo.DistanceKm(woman.Position, volunteer.Position)), Km(volunteer.MaxTravelKm)],
            Engine.ExclusionCode.RequirementsExpired => Requirements(t, volunteer),
            _ => null,
        };
        return detail is null ? rule : $"{rule} {detail}";
    }

    /// <summary>
    /// The volunteer's networks that share a word with one the woman must avoid without being the same one, in words
    /// ("«Khan» – hun må unngå «Khan Ali»"): a warning the coordinator must acknowledge before proposing.
    /// </summary>
    public static IReadOnlyList<string> NetworkOverlaps(IStringLocalizer t, Engine.WomanProfile woman, Engine.VolunteerProfile volunteer)
    {
        ArgumentNullException.ThrowIfNull(woman);
        ArgumentNullException.ThrowIfNull(volunteer);
        return Engine.Networks.PartialOverlaps(woman.NetworksToAvoid, volunteer.Networks)
            .Select(o => t["Suggestions.NetworkOverlap", o.Mine, o.Avoid].Value).ToList();
    }

    /// <summary>Every rule that excluded her, in words.</summary>
    public static IReadOnlyList<string> Exclusions(IStringLocalizer t, IEnumerable<Engine.Exclusion> exclusions, Engine.WomanProfile woman, Engine.VolunteerProfile volunteer,
        Engine.MatchContext context) =>
        exclusions.Select(e => Exclusion(t, e, woman, volunteer, context)).ToList();

    /// <summary>Catalogue codes as their names ("Language.ar" → "Arabisk"), comma-separated; "–" for none.</summary>
    public static string Codes(IStringLocalizer t, string prefix, IEnumerable<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var names = codes.Select(c => Code(t, prefix, c)).ToList();
        return names.Count == 0 ? "–" : string.Join(", ", names);
    }

    /// <summary>A weekly availability as text ("mandag formiddag, tirsdag kveld"); "–" for none.</summary>
    public static string Week(IStringLocalizer t, Engine.WeeklyAvailability availability)
    {
        var slots = Slots(t, availability);
        return slots.Count == 0 ? "–" : string.Join(", ", slots);
    }

    /// <summary>A weekly availability as one line per day ("Mandag: formiddag, kveld").</summary>
    public static IReadOnlyList<string> WeekByDay(IStringLocalizer t, Engine.WeeklyAvailability availability)
    {
        ArgumentNullException.ThrowIfNull(t);
        var lines = new List<string>();
        foreach (var day in Days)
        {
            var parts = Enum.GetValues<Engine.PartOfDay>().Where(p => availability.Has(day, p))
                .Select(p => t["Matching.Part." + p].Value).ToList();
            if (parts.Count > 0)
            {
                lines.Add($"{t["Apply.Day." + day]}: {string.Join(", ", parts)}");
            }
        }

        return lines;
    }

    /// <summary>A distance in whole kilometres (one decimal below 10 km).</summary>
    public static string Km(double km) => km.ToString(km < 10 ? "0.#" : "0", CultureInfo.CurrentCulture);

    private static readonly DayOfWeek[] Days =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private static List<string> Slots(IStringLocalizer t, Engine.WeeklyAvailability availability)
    {
        ArgumentNullException.ThrowIfNull(t);
        var slots = new List<string>();
        foreach (var day in Days)
        {
            foreach (var part in Enum.GetValues<Engine.PartOfDay>().Where(p => availability.Has(day, p)))
            {
                slots.Add(t["Matching.Slot", t["Matching.Day." + day].Value, t["Matching.Part." + part].Value]);
            }
        }

        return slots;
    }

    private static string Availability(IStringLocalizer t, Engine.WomanProfile woman, Engine.VolunteerProfile volunteer)
    {
        if (woman.Availability.Count == 0)
        {
            return t["Matching.NoTimesGiven"];
        }

        var shared = Slots(t, new Engine.WeeklyAvailability(woman.Availability.Bits & volunteer.Availability.Bits));
        return shared.Count switch
        {
            0 => t["Matching.NoSharedTimes"],
            <= 2 => t["Matching.BothFree", string.Join(", ", shared)],
            _ => t["Matching.BothFreeMore", string.Join(", ", shared.Take(2)), shared.Count - 2],
        };
    }

    private static string ExtraLanguages(IStringLocalizer t, Engine.WomanProfile woman, Engine.VolunteerProfile volunteer, int count)
    {
        var spoken = volunteer.Languages.Select(Key).ToHashSet(StringComparer.Ordinal);
        var requiredKeys = woman.RequiresLanguage ? woman.RequiredLanguages.Select(Key).ToHashSet(StringComparer.Ordinal) : [];
        // The first of her required languages the volunteer speaks meets the rule; the others she shares are extra.
        var required = woman.Languages.Select(Key).FirstOrDefault(l => requiredKeys.Contains(l) && spoken.Contains(l));
        var extra = woman.Languages.Where(l => Key(l) != required && spoken.Contains(Key(l))).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (extra.Count == 0)
        {
            return count > 0 ? Counted(t, "Matching.SharedLanguages", count) : t["Matching.NoExtraLanguages"];
        }

        return t["Matching.AlsoSpeaks", string.Join(", ", extra.Select(l => InRunningText(Code(t, "Language.", l))))];
    }

    private static string Wishes(IStringLocalizer t, Engine.WomanProfile woman, Engine.VolunteerProfile volunteer, DateOnly today)
    {
        var texts = new List<string>(3);
        if (woman.WishedMinAge is not null || woman.WishedMaxAge is not null)
        {
            var age = Engine.Age.On(volunteer.BirthDate, today);
            texts.Add(Engine.SoftScore.AgeWishFit(woman.WishedMinAge, woman.WishedMaxAge, age) switch
            {
                >= 0.999 => t["Matching.WishesFit", age],
                <= 0.001 => t["Matching.WishesNotMet", age],
                _ => t["Matching.WishesPartly", age],
            });
        }

        if (woman.WishedLanguages.Any(l => !string.IsNullOrWhiteSpace(l)))
        {
            var spoken = woman.WishedLanguages.Where(l => Engine.SoftScore.SpeaksAny(volunteer.Languages, [l])).ToList();
            texts.Add(spoken.Count > 0
                ? t["Matching.Wish.LanguageMet", string.Join(", ", spoken.Select(l => InRunningText(Code(t, "Language.", l))))]
                : t["Matching.Wish.LanguageNotMet", string.Join(", ", woman.WishedLanguages.Select(l => InRunningText(Code(t, "Language.", l))))]);
        }

        if (woman.WishesOutsideCommunity && woman.CommunityLanguages.Count > 0)
        {
            var shared = woman.CommunityLanguages.Where(l => Engine.SoftScore.SpeaksAny(volunteer.Languages, [l])).ToList();
            texts.Add(shared.Count == 0
                ? t["Matching.Wish.OutsideMet"]
                : t["Matching.Wish.OutsideNotMet", string.Join(", ", shared.Select(l => InRunningText(Code(t, "Language.", l))))]);
        }

        return texts.Count == 0 ? t["Matching.NoWishes"] : string.Join("; ", texts);
    }

    private static string? Requirements(IStringLocalizer t, Engine.VolunteerProfile volunteer)
    {
        var missing = new List<string>(3);
        if (!volunteer.PoliceCertificateValid)
        {
            missing.Add(t["Matching.Requirement.Certificate"]);
        }

        if (!volunteer.MandatoryTrainingDone)
        {
            missing.Add(t["Matching.Requirement.Training"]);
        }

        if (!volunteer.DeclarationSigned)
        {
            missing.Add(t["Matching.Requirement.Declaration"]);
        }

        if (missing.Count > 0)
        {
            return t["Exclusion.RequirementsExpired.Missing", string.Join(", ", missing)];
        }

        return volunteer.RequirementsValidUntil is { } until ? t["Exclusion.RequirementsExpired.Until", until.ToString("d", CultureInfo.CurrentCulture)].Value : null;
    }

    /// <summary>"Key.None", "Key.One" or "Key" with the count, so Norwegian and English both read naturally.</summary>
    private static string Counted(IStringLocalizer t, string key, int count) => t.Plural(key, Math.Max(count, 0));

    private static string Code(IStringLocalizer t, string prefix, string code)
    {
        var text = t[prefix + code];
        return text.ResourceNotFound ? code : text.Value;
    }

    /// <summary>A catalogue name inside a sentence: Norwegian writes language names in lower case ("snakker også arabisk"), English does not.</summary>
    private static string InRunningText(string name) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is "nb" or "nn" or "no" ? name.ToLower(CultureInfo.CurrentUICulture) : name;

    private static string? Key(string? value) => value?.Trim().ToUpperInvariant();

    /// <summary>The first number in the engine's raw value ("12.4 km", "3 shared interests", "waited 4 months"); 0 when there is none.</summary>
    private static double Number(string raw)
    {
        var match = FirstNumber().Match(raw ?? string.Empty);
        return match.Success ? double.Parse(match.Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"\d+(\.\d+)?", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex FirstNumber();
}
