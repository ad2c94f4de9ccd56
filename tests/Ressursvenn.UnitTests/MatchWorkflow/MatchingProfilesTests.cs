using System.Collections.Frozen;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Features.Matching;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.UnitTests.MatchWorkflow;

/// <summary>How stored records become what the engine reads: positions from the reference data only, never a name.</summary>
public sealed class MatchingProfilesTests
{
    private static readonly GeoIndex.Snapshot Geo = new(
        new Dictionary<string, GeoIndex.MunicipalityInfo>
        {
            ["0301"] = new("Oslo", "03", new Engine.GeoPoint(59.91, 10.75)),
            ["3201"] = new("Bærum", "32", new Engine.GeoPoint(59.89, 10.52)),
        }.ToFrozenDictionary(),
        new Dictionary<string, Engine.GeoPoint> { ["0150"] = new(59.908, 10.745) }.ToFrozenDictionary(),
        new Dictionary<string, Engine.GeoPoint> { ["03"] = new(59.92, 10.76), ["32"] = new(59.95, 10.4) }.ToFrozenDictionary());

    private static readonly ProgrammeSettings Settings = new();

    private static Participant Woman(bool isProtected)
    {
        var p = new Participant { Name = "Planted Name", AssociationId = Guid.NewGuid(), IsProtected = isProtected, WaitingSince = new DateTime(2026, 3, 1, 23, 30, 0, DateTimeKind.Utc) };
        p.Area = isProtected ? new Area { CoarseCountyCode = "32" } : new Area { MunicipalityCode = "0301", PostalCode = "0150" };
        p.Profile = new ParticipantProfile { Languages = ["nb", "ar", "en"], NeedsSameLanguage = true, Interests = ["walks"], Needs = ["job"] };
        p.Risk = new RiskInformation { MunicipalitiesToAvoid = ["3201"], NetworksToAvoid = "Family A; community B,\nClub C" };
        p.Intake = new Intake { HeldOn = new DateOnly(2026, 2, 1), VolunteerMinAge = 30, VolunteerMaxAge = 50 };
        return p;
    }

    [Fact]
    public void Woman_UsesHerPostalCodePosition_HerRequiredLanguage_AndHerRiskLists()
    {
        var profile = MatchingProfiles.Woman(Woman(isProtected: false), Geo);

        Assert.NotNull(profile);
        Assert.Equal(new Engine.GeoPoint(59.908, 10.745), profile.Position);
        Assert.True(profile.RequiresLanguage);
        Assert.Equal(["ar", "en"], profile.RequiredLanguages);
        Assert.Equal(["3201"], profile.AreasToAvoid);
        Assert.Equal(["Family A", "community B", "Club C"], profile.NetworksToAvoid);
        Assert.Equal((30, 50), (profile.WishedMinAge, profile.WishedMaxAge));
        // 23:30 UTC on 1 March is 2 March in Oslo.
        Assert.Equal(new DateOnly(2026, 3, 2), profile.WaitingSince);
    }

    [Fact]
    public void Woman_HasTheTimesOfHerIntake_AsTheEngineReadsThem_AndNoneWithoutAnIntake()
    {
        var woman = Woman(isProtected: false);
        // Monday evening (bit 2) and Tuesday morning (bit 3), as the intake grid stores them; a stray bit beyond Sunday evening is ignored.
        woman.Intake = woman.Intake! with { Availability = (1 << 2) | (1 << 3) | (1 << 25) };

        var availability = MatchingProfiles.Woman(woman, Geo)!.Availability;

        Assert.Equal(2, availability.Count);
        Assert.True(availability.Has(DayOfWeek.Monday, Engine.PartOfDay.Evening));
        Assert.True(availability.Has(DayOfWeek.Tuesday, Engine.PartOfDay.Morning));
        Assert.False(availability.Has(DayOfWeek.Monday, Engine.PartOfDay.Morning));
        woman.Intake = null;
        Assert.Equal(Engine.WeeklyAvailability.None, MatchingProfiles.Woman(woman, Geo)!.Availability);
    }

    [Fact]
    public void ProtectedWoman_IsPlacedAtHerCountyCentre_AndAnonymisedWithoutMunicipality()
    {
        var woman = Woman(isProtected: true);
        // Even if an old municipality lingered in her area, a protected woman is placed by county only.
        woman.Area = new Area { CoarseCountyCode = "32", MunicipalityCode = "0301", PostalCode = "0150" };

        Assert.Equal(new Engine.GeoPoint(59.95, 10.4), MatchingProfiles.Woman(woman, Geo)!.Position);
        var anonymised = MatchingProfiles.Anonymise(woman, Geo);
        Assert.Null(anonymised.MunicipalityCode);
        Assert.Equal("32", anonymised.CountyCode);
    }

    [Fact]
    public void WomanWithoutAnyKnownArea_HasNoProfile()
    {
        var woman = Woman(isProtected: false);
        woman.Area = new Area { MunicipalityCode = "9999" };
        Assert.Null(MatchingProfiles.Woman(woman, Geo));
    }

    [Fact]
    public void Anonymised_CarriesNoNameContactOrRisk()
    {
        var woman = Woman(isProtected: false);
        woman.Contact = new SafeContact { Phone = "00012345", CodeWord = "planted-code" };
        var json = EncryptedDocument.Write(MatchingProfiles.Anonymise(woman, Geo));
        Assert.DoesNotContain("Planted", json, StringComparison.Ordinal);
        Assert.DoesNotContain("00012345", json, StringComparison.Ordinal);
        Assert.DoesNotContain("planted-code", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Family A", json, StringComparison.Ordinal);
        Assert.DoesNotContain("3201", json, StringComparison.Ordinal);
        Assert.Contains("0301", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "nb" }, new[] { "nb" })]
    [InlineData(new[] { "nb", "so" }, new[] { "so" })]
    [InlineData(new[] { "pl", "nb", "so" }, new[] { "pl", "so" })]
    [InlineData(new string[0], new string[0])]
    public void RequiredLanguages_AreAllHersOtherThanNorwegian(string[] languages, string[] expected) =>
        Assert.Equal(expected, MatchingProfiles.RequiredLanguages(languages));

    [Fact]
    public void NetworksToAvoid_SlashSeparatesEntries_AndAVolunteerOfTheSecondIsExcluded()
    {
        var woman = Woman(isProtected: false);
        woman.Risk = woman.Risk with { NetworksToAvoid = "Khan / Ali" };
        var profile = MatchingProfiles.Woman(woman, Geo)!;
        Assert.Equal(["Khan", "Ali"], profile.NetworksToAvoid);

        var v = Approved();
        v.Profile = v.Profile with { NetworkEntries = ["Ali-familien"] };
        var volunteer = MatchingProfiles.Volunteer(v, new MatchingProfiles.MatchHistory(0, 0, null), [], Settings, Geo);
        Assert.Contains(Engine.HardRules.Evaluate(profile, volunteer, new Engine.MatchContext
        {
            ProposalDate = new DateOnly(2026, 12, 1), AllowedAssociationIds = new HashSet<Guid> { volunteer.AssociationId, profile.AssociationId },
        }), e => e.Code == Engine.ExclusionCode.BelongsToNetworkToAvoid);
    }

    [Fact]
    public void Woman_CarriesHerWishes_LanguagesAndSomeoneOutsideHerCommunity()
    {
        var woman = Woman(isProtected: false);
        woman.Intake = woman.Intake! with { WishedLanguages = ["so"], OutsideOwnCommunity = true };

        var profile = MatchingProfiles.Woman(woman, Geo)!;

        Assert.Equal(["so"], profile.WishedLanguages);
        Assert.True(profile.WishesOutsideCommunity);
        Assert.Equal(["ar", "en"], profile.CommunityLanguages);
    }

    private static Volunteer Approved()
    {
        var v = new Volunteer
        {
            Name = "Planted Volunteer", Email = "x@example.invalid", AssociationId = Guid.NewGuid(), Status = VolunteerStatus.Approved,
            MunicipalityCode = "3201", BirthDate = new DateOnly(1980, 1, 1), Availability = 0b101, MaxTravelKm = 25, Capacity = 5,
            ApprovedAt = new DateTime(2026, 1, 10, 12, 0, 0, DateTimeKind.Utc),
            PoliceCertificate = new PoliceCertificateRecord { ShownOn = new DateOnly(2025, 12, 1), IssuedOn = new DateOnly(2025, 11, 1), Purpose = "x" },
        };
        v.Profile = new Web.Domain.Volunteers.VolunteerProfile { Languages = ["nb", "ar"], Interests = ["walks"], Networks = "Club C" };
        v.Declarations.Add(new DeclarationSignature { TextVersion = DeclarationSignature.CurrentTextVersion });
        return v;
    }

    [Fact]
    public void Volunteer_CarriesRequirementsCapacityAndWaitingTime()
    {
        var module = new TrainingModule { Name = "M", Mandatory = true, Active = true };
        var volunteer = Approved();
        var profile = MatchingProfiles.Volunteer(volunteer, new MatchingProfiles.MatchHistory(0, 2, new DateTime(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc)), [module], Settings, Geo);

        Assert.Equal(Engine.VolunteerStatus.Approved, profile.Status);
        Assert.Equal(new Engine.GeoPoint(59.89, 10.52), profile.Position);
        Assert.Equal(2, profile.Capacity); // clamped to the domain's maximum
        Assert.False(profile.MandatoryTrainingDone);
        Assert.True(profile.PoliceCertificateValid);
        Assert.True(profile.DeclarationSigned);
        Assert.Equal(new DateOnly(2028, 11, 30), profile.RequirementsValidUntil);
        Assert.Equal(2, profile.ExperienceMatches);
        Assert.Equal(new DateOnly(2026, 6, 1), profile.WaitingSince);
        Assert.Equal(["Club C"], profile.Networks);
        Assert.Equal(0b101u, profile.Availability.Bits);

        volunteer.Training.Add(new TrainingCompletion { ModuleId = module.Id });
        var busy = MatchingProfiles.Volunteer(volunteer, new MatchingProfiles.MatchHistory(1, 0, null), [module], Settings, Geo);
        Assert.True(busy.MandatoryTrainingDone);
        Assert.Null(busy.WaitingSince);
        Assert.Equal(1, busy.ActiveMatches);
    }

    [Fact]
    public void Volunteer_WithACertificateTooOldWhenShown_OrAnOldDeclaration_IsNotValid()
    {
        var volunteer = Approved();
        volunteer.PoliceCertificate!.IssuedOn = volunteer.PoliceCertificate.ShownOn.AddMonths(-3).AddDays(-1);
        volunteer.Declarations.Clear();
        volunteer.Declarations.Add(new DeclarationSignature { TextVersion = "2020-1" });
        var profile = MatchingProfiles.Volunteer(volunteer, default, [], Settings, Geo);
        Assert.False(profile.PoliceCertificateValid);
        Assert.False(profile.DeclarationSigned);
        Assert.Equal(new DateOnly(2026, 1, 10), profile.WaitingSince);
    }
}
