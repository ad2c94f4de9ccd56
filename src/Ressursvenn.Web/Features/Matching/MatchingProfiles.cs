using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// Turns stored records into what the matching engine reads: no names, no contact details, positions from the
/// reference data only. A protected woman is placed at her county's centre (no municipality is kept for her).
/// </summary>
public static class MatchingProfiles
{
    /// <summary>The woman as the engine needs her; null when nothing is known of where she lives.</summary>
    public static Engine.WomanProfile? Woman(Participant participant, GeoIndex.Snapshot geo)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(geo);
        var area = participant.Area;
        var position = participant.IsProtected
            ? geo.Locate(null, null, area.CoarseCountyCode)
            : geo.Locate(area.PostalCode, area.MunicipalityCode, area.CoarseCountyCode);
        if (position is null)
        {
            return null;
        }

        var profile = participant.Profile;
        var risk = participant.Risk;
        var intake = participant.Intake;
        return new Engine.WomanProfile
        {
            Id = participant.Id,
            AssociationId = participant.AssociationId,
            Position = position.Value,
            RequiresLanguage = profile.NeedsSameLanguage && profile.Languages.Count > 0,
            RequiredLanguages = RequiredLanguages(profile.Languages),
            Languages = profile.Languages,
            Interests = profile.Interests,
            WishedMinAge = intake?.VolunteerMinAge,
            WishedMaxAge = intake?.VolunteerMaxAge,
            WishedLanguages = intake?.WishedLanguages ?? [],
            WishesOutsideCommunity = intake?.OutsideOwnCommunity ?? false,
            CommunityLanguages = OtherThanNorwegian(profile.Languages),
            Availability = Availability(intake),
            AreasToAvoid = risk.MunicipalitiesToAvoid,
            NetworksToAvoid = SplitList(risk.NetworksToAvoid),
            WaitingSince = participant.WaitingSince is { } since ? WorkingDaysDate(since) : DateOnly.MinValue,
        };
    }

    /// <summary>
    /// When it suits her to meet, from her intake (none when there is no intake or no times were ticked): the same
    /// weekday × part-of-day bits as a volunteer's availability; bits outside the 21 slots are ignored.
    /// </summary>
    public static Engine.WeeklyAvailability Availability(Intake? intake) =>
        new((uint)(intake?.Availability ?? 0) & Engine.WeeklyAvailability.All.Bits);

    /// <summary>
    /// The languages of which a volunteer must speak one when she needs her own language (docs/domain.md §5.6): any one of
    /// her languages other than Norwegian (a woman who lists only Norwegian needs Norwegian).
    /// </summary>
    public static IReadOnlyList<string> RequiredLanguages(IReadOnlyList<string> languages)
    {
        var others = OtherThanNorwegian(languages);
        return others.Count > 0 ? others : languages.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Her languages other than Norwegian: those that mark her own language community.</summary>
    public static IReadOnlyList<string> OtherThanNorwegian(IReadOnlyList<string> languages)
    {
        ArgumentNullException.ThrowIfNull(languages);
        return languages.Where(l => l != Norwegian).Distinct(StringComparer.Ordinal).ToList();
    }

    private const string Norwegian = "nb";

    /// <summary>What the engine needs of the volunteer's matches.</summary>
    public readonly record struct MatchHistory(int OpenMatches, int CompletedMatches, DateTime? LastEndedAt);

    /// <summary>The volunteer as the engine needs her.</summary>
    public static Engine.VolunteerProfile Volunteer(Volunteer volunteer, MatchHistory history, IReadOnlyList<TrainingModule> catalogue,
        ProgrammeSettings settings, GeoIndex.Snapshot geo)
    {
        ArgumentNullException.ThrowIfNull(volunteer);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(geo);
        var profile = volunteer.Profile;
        var certificate = volunteer.PoliceCertificate;
        var certificateOk = certificate is not null && VolunteerRules.CertificateFreshWhenShown(certificate.IssuedOn, certificate.ShownOn, settings);
        DateTime? waitingFrom = history.OpenMatches > 0 ? null
            : Max(volunteer.ApprovedAt, history.LastEndedAt);
        return new Engine.VolunteerProfile
        {
            Id = volunteer.Id,
            AssociationId = volunteer.AssociationId,
            MunicipalityCode = volunteer.MunicipalityCode,
            Position = geo.Locate(volunteer.PostalCode, volunteer.MunicipalityCode, null) ?? new Engine.GeoPoint(0, 0),
            BirthDate = volunteer.BirthDate,
            Status = Enum.Parse<Engine.VolunteerStatus>(volunteer.Status.ToString()),
            NotToBeMatchedAgain = volunteer.NotToBeMatchedAgain,
            Capacity = Math.Clamp(volunteer.Capacity, 1, Math.Max(1, settings.VolunteerMaxCapacity)),
            ActiveMatches = history.OpenMatches,
            PoliceCertificateValid = certificateOk,
            MandatoryTrainingDone = VolunteerRules.MissingModules(volunteer, catalogue).Count == 0,
            DeclarationSigned = volunteer.Declarations.Any(d => d.TextVersion == DeclarationSignature.CurrentTextVersion),
            RequirementsValidUntil = certificate is null ? null : VolunteerRules.CertificateValidUntil(certificate, settings),
            Languages = profile.Languages,
            Interests = profile.Interests,
            Availability = new Engine.WeeklyAvailability((uint)volunteer.Availability),
            MaxTravelKm = volunteer.MaxTravelKm,
            Networks = profile.NetworkList(),
            ExperienceMatches = history.CompletedMatches,
            WaitingSince = waitingFrom is { } from ? WorkingDaysDate(from) : null,
        };
    }

    /// <summary>What a volunteer reading a proposal, or a neighbouring association, may know of the woman.</summary>
    public static AnonymisedWoman Anonymise(Participant participant, GeoIndex.Snapshot geo)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(geo);
        var area = participant.Area;
        var profile = participant.Profile;
        var county = participant.IsProtected ? area.CoarseCountyCode
            : area.MunicipalityCode is { } code && geo.Municipalities.TryGetValue(code, out var m) ? m.CountyCode : area.CoarseCountyCode;
        return new AnonymisedWoman
        {
            MunicipalityCode = participant.IsProtected ? null : area.MunicipalityCode,
            CountyCode = county,
            AgeGroup = profile.AgeGroup,
            Languages = profile.Languages,
            Interests = profile.Interests,
            Needs = profile.Needs,
            NeedsSameLanguage = profile.NeedsSameLanguage,
        };
    }

    /// <summary>A free-text list ("Family A, Community B / Group C; …") as trimmed entries.</summary>
    public static IReadOnlyList<string> SplitList(string? text) => NetworkText.Entries(text);

    private static DateOnly WorkingDaysDate(DateTime utc) => Domain.Calendar.WorkingDays.OsloDate(utc);

    private static DateTime? Max(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
