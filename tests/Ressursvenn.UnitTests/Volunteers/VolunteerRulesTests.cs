using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.UnitTests.Volunteers;

/// <summary>
/// The volunteer rules of docs/domain.md §4.1 at their edges: "has turned 25", the police certificate's age when shown and
/// its renewal windows, mandatory training, the declaration, and four-eyes approval.
/// </summary>
public sealed class VolunteerRulesTests
{
    private static readonly ProgrammeSettings Defaults = new();
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly DateTime Now = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid CoordinatorA = Guid.CreateVersion7();
    private static readonly Guid CoordinatorB = Guid.CreateVersion7();

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    // ---- Age ----------------------------------------------------------------------------------------------------

    [Fact]
    public void Age_TheDayBeforeThe25thBirthday_IsTooYoung_OnTheBirthday_OldEnough()
    {
        var born = D(2001, 11, 26);
        Assert.Equal(24, VolunteerRules.AgeOn(born, D(2026, 11, 25)));
        Assert.False(VolunteerRules.IsOldEnough(born, D(2026, 11, 25), Defaults));
        Assert.Equal(25, VolunteerRules.AgeOn(born, D(2026, 11, 26)));
        Assert.True(VolunteerRules.IsOldEnough(born, D(2026, 11, 26), Defaults));
        Assert.True(VolunteerRules.IsOldEnough(born, D(2026, 11, 27), Defaults));
    }

    [Fact]
    public void Age_A29FebruaryBirthday_CountsOn1MarchInCommonYears_AndOn29FebruaryInLeapYears()
    {
        // The 25th birthday of someone born on 29 February always falls in a common year: she has turned 25 on 1 March.
        var born = D(2000, 2, 29);
        Assert.False(VolunteerRules.IsOldEnough(born, D(2025, 2, 28), Defaults));
        Assert.True(VolunteerRules.IsOldEnough(born, D(2025, 3, 1), Defaults));
        Assert.Equal(24, VolunteerRules.AgeOn(born, D(2025, 2, 28)));
        Assert.Equal(25, VolunteerRules.AgeOn(born, D(2025, 3, 1)));

        // In a leap year the birthday is the day itself.
        Assert.Equal(23, VolunteerRules.AgeOn(born, D(2024, 2, 28)));
        Assert.Equal(24, VolunteerRules.AgeOn(born, D(2024, 2, 29)));
    }

    [Fact]
    public void Age_FollowsTheSetting()
    {
        var settings = new ProgrammeSettings { VolunteerMinimumAge = 30 };
        var born = D(1996, 11, 26);
        Assert.False(VolunteerRules.IsOldEnough(born, D(2026, 11, 25), settings));
        Assert.True(VolunteerRules.IsOldEnough(born, D(2026, 11, 26), settings));
    }

    // ---- Police certificate -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("2026-08-25", "2026-11-25", true)] // exactly 3 months before it was shown
    [InlineData("2026-08-24", "2026-11-25", false)] // 3 months and 1 day
    [InlineData("2026-11-25", "2026-11-25", true)] // issued the day it was shown
    [InlineData("2026-11-26", "2026-11-25", false)] // issued after it was shown: not a real certificate
    [InlineData("2026-02-28", "2026-05-31", true)] // month ends: 31 May minus 3 months is 28 February
    [InlineData("2026-02-27", "2026-05-31", false)]
    public void Certificate_IsFreshWhenIssuedAtMostThreeMonthsBeforeItWasShown(string issued, string shown, bool fresh) =>
        Assert.Equal(fresh, VolunteerRules.CertificateFreshWhenShown(DateOnly.Parse(issued, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(shown, System.Globalization.CultureInfo.InvariantCulture), Defaults));

    [Fact]
    public void Certificate_IsValidForTheRenewalPeriod_UntilTheDayBeforeItsThirdAnniversary()
    {
        var certificate = Certificate(shownOn: D(2026, 6, 1), issuedOn: D(2026, 5, 1));
        Assert.Equal(D(2029, 5, 31), VolunteerRules.CertificateValidUntil(certificate, Defaults));
    }

    [Theory]
    // Valid until 31 May 2029, expired from 1 June: the first reminder 60 days before expiry (2 April), the second 30 days before (2 May).
    [InlineData("2026-06-01", RenewalState.Valid)]
    [InlineData("2029-04-01", RenewalState.Valid)]
    [InlineData("2029-04-02", RenewalState.FirstReminder)]
    [InlineData("2029-05-01", RenewalState.FirstReminder)]
    [InlineData("2029-05-02", RenewalState.SecondReminder)]
    [InlineData("2029-05-31", RenewalState.SecondReminder)]
    [InlineData("2029-06-01", RenewalState.Expired)]
    [InlineData("2030-01-01", RenewalState.Expired)]
    public void Renewal_RemindsAt60And30DaysBeforeExpiry_AndExpiresTheDayAfterValidUntil(string today, RenewalState expected)
    {
        var validUntil = D(2029, 5, 31);
        Assert.Equal(60, D(2029, 6, 1).DayNumber - D(2029, 4, 2).DayNumber);
        Assert.Equal(30, D(2029, 6, 1).DayNumber - D(2029, 5, 2).DayNumber);
        Assert.Equal(expected, VolunteerRules.Renewal(validUntil, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), Defaults));
    }

    [Fact]
    public void Missing_AnExpiredCertificate_IsItsOwnRequirement()
    {
        var volunteer = Ready();
        volunteer.PoliceCertificate = Certificate(shownOn: D(2023, 11, 25), issuedOn: D(2023, 11, 1));
        Assert.Equal([Requirement.PoliceCertificateExpired], VolunteerRules.Missing(volunteer, Catalogue(), Today, Defaults));

        volunteer.PoliceCertificate = Certificate(shownOn: D(2023, 11, 26), issuedOn: D(2023, 11, 1));
        Assert.Empty(VolunteerRules.Missing(volunteer, Catalogue(), Today, Defaults));
    }

    [Fact]
    public void Missing_ACertificateTooOldWhenShown_DoesNotCount()
    {
        var volunteer = Ready();
        volunteer.PoliceCertificate = Certificate(shownOn: D(2026, 11, 1), issuedOn: D(2026, 7, 31));
        Assert.Equal([Requirement.PoliceCertificateTooOld], VolunteerRules.Missing(volunteer, Catalogue(), Today, Defaults));

        volunteer.PoliceCertificate = Certificate(shownOn: D(2026, 11, 1), issuedOn: D(2026, 8, 1));
        Assert.Empty(VolunteerRules.Missing(volunteer, Catalogue(), Today, Defaults));
    }

    // ---- Training -----------------------------------------------------------------------------------------------

    [Fact]
    public void MissingModules_ListsAMandatoryActiveModuleNotDone_ButNotAnOptionalOrInactiveOne()
    {
        var catalogue = Catalogue();
        var confidentiality = new TrainingModule { Name = "Taushetsplikt", Mandatory = true };
        var optional = new TrainingModule { Name = "Valgfritt kurs", Mandatory = false };
        var retired = new TrainingModule { Name = "Gammelt kurs", Mandatory = true, Active = false };
        catalogue.AddRange([confidentiality, optional, retired]);
        var volunteer = Ready();

        Assert.Equal([confidentiality], VolunteerRules.MissingModules(volunteer, catalogue));
        Assert.Equal([Requirement.MandatoryTraining], VolunteerRules.Missing(volunteer, catalogue, Today, Defaults));

        Complete(volunteer, confidentiality);
        Assert.Empty(VolunteerRules.MissingModules(volunteer, catalogue));
        Assert.Empty(VolunteerRules.Missing(volunteer, catalogue, Today, Defaults));
    }

    [Fact]
    public void MissingModules_ANewMandatoryModuleAfterApproval_IsShown_ButSheStaysApproved()
    {
        var catalogue = Catalogue();
        var volunteer = Ready();
        Assert.True(VolunteerRules.Approve(volunteer, CoordinatorA, 1, catalogue, Now, Today, Defaults).Approved);
        Assert.Equal(VolunteerStatus.Approved, volunteer.Status);

        var added = new TrainingModule { Name = "Negativ sosial kontroll", Mandatory = true };
        catalogue.Add(added);

        Assert.Equal([added], VolunteerRules.MissingModules(volunteer, catalogue));
        Assert.Contains(Requirement.MandatoryTraining, VolunteerRules.Missing(volunteer, catalogue, Today.AddDays(1), Defaults));
        Assert.Equal(VolunteerStatus.Approved, volunteer.Status);
        Assert.Equal(Now, volunteer.ApprovedAt);
        // Approval is not a step for her again: she is no longer an application.
        Assert.Throws<DomainRuleException>(() => VolunteerRules.Approve(volunteer, CoordinatorB, 1, catalogue, Now, Today, Defaults));
    }

    // ---- Missing: every requirement -----------------------------------------------------------------------------

    [Fact]
    public void Missing_ListsEachRequirement_ForANewApplicant()
    {
        var applicant = new Volunteer { Name = "Søker", Email = "s@test.invalid", MunicipalityCode = "0301", BirthDate = D(2001, 11, 26) };
        Assert.Equal(
            [Requirement.Age, Requirement.Suitability, Requirement.PoliceCertificate, Requirement.MandatoryTraining, Requirement.Declaration],
            VolunteerRules.Missing(applicant, Catalogue(), Today, Defaults));
    }

    [Fact]
    public void Missing_IsEmptyWhenEverythingHolds_AndNamesEachOneThatDoesNot()
    {
        Assert.Empty(VolunteerRules.Missing(Ready(), Catalogue(), Today, Defaults));

        var young = Ready();
        young.BirthDate = D(2001, 11, 26);
        Assert.Equal([Requirement.Age], VolunteerRules.Missing(young, Catalogue(), Today, Defaults));

        foreach (var suitability in new[] { Suitability.NotSuitable, Suitability.NeedsFollowUp })
        {
            var doubtful = Ready();
            doubtful.Interview!.Suitability = suitability;
            Assert.Equal([Requirement.Suitability], VolunteerRules.Missing(doubtful, Catalogue(), Today, Defaults));
        }

        var noInterview = Ready();
        noInterview.Interview = null;
        Assert.Equal([Requirement.Suitability], VolunteerRules.Missing(noInterview, Catalogue(), Today, Defaults));

        var noCertificate = Ready();
        noCertificate.PoliceCertificate = null;
        Assert.Equal([Requirement.PoliceCertificate], VolunteerRules.Missing(noCertificate, Catalogue(), Today, Defaults));

        var oldDeclaration = Ready();
        oldDeclaration.Declarations = [new DeclarationSignature { TextVersion = "2025-1", SignedAt = Now }];
        Assert.Equal([Requirement.Declaration], VolunteerRules.Missing(oldDeclaration, Catalogue(), Today, Defaults));

        var noDeclaration = Ready();
        noDeclaration.Declarations = [];
        Assert.Equal([Requirement.Declaration], VolunteerRules.Missing(noDeclaration, Catalogue(), Today, Defaults));
    }

    // ---- Four-eyes approval -------------------------------------------------------------------------------------

    [Fact]
    public void Approve_WithOneCoordinator_ApprovesAtOnce()
    {
        var volunteer = Ready();
        var outcome = VolunteerRules.Approve(volunteer, CoordinatorA, 1, Catalogue(), Now, Today, Defaults);
        Assert.True(outcome.Approved);
        Assert.Empty(outcome.Missing);
        Assert.Equal((VolunteerStatus.Approved, Now, CoordinatorA), (volunteer.Status, volunteer.ApprovedAt, volunteer.ApprovedBy));
    }

    [Fact]
    public void Approve_WithTwoCoordinators_NeedsASecondCoordinator_NotTheSameOneTwice()
    {
        var volunteer = Ready();

        var first = VolunteerRules.Approve(volunteer, CoordinatorA, 2, Catalogue(), Now, Today, Defaults);
        Assert.False(first.Approved);
        Assert.Equal([Requirement.SecondCoordinator], first.Missing);
        Assert.Equal(CoordinatorA, volunteer.ApprovalRequestedBy);
        Assert.Equal(VolunteerStatus.Training, volunteer.Status);

        var again = VolunteerRules.Approve(volunteer, CoordinatorA, 2, Catalogue(), Now, Today, Defaults);
        Assert.False(again.Approved);
        Assert.Equal([Requirement.SecondCoordinator], again.Missing);
        Assert.Equal(VolunteerStatus.Training, volunteer.Status);
        Assert.Null(volunteer.ApprovedAt);

        var second = VolunteerRules.Approve(volunteer, CoordinatorB, 2, Catalogue(), Now, Today, Defaults);
        Assert.True(second.Approved);
        Assert.Equal((VolunteerStatus.Approved, CoordinatorB, CoordinatorA), (volunteer.Status, volunteer.ApprovedBy, volunteer.ApprovalRequestedBy));
    }

    [Fact]
    public void Approve_IsRefusedWithTheMissingRequirements_AndChangesNothing()
    {
        var volunteer = Ready();
        volunteer.PoliceCertificate = null;
        volunteer.Declarations = [];
        var outcome = VolunteerRules.Approve(volunteer, CoordinatorA, 2, Catalogue(), Now, Today, Defaults);
        Assert.False(outcome.Approved);
        Assert.Equal([Requirement.PoliceCertificate, Requirement.Declaration], outcome.Missing);
        Assert.Null(volunteer.ApprovalRequestedBy);
        Assert.Equal(VolunteerStatus.Training, volunteer.Status);
    }

    [Theory]
    [InlineData(VolunteerStatus.Approved)]
    [InlineData(VolunteerStatus.Paused)]
    [InlineData(VolunteerStatus.Left)]
    [InlineData(VolunteerStatus.Rejected)]
    [InlineData(VolunteerStatus.Withdrawn)]
    public void Approve_OnlyAnOpenApplication(VolunteerStatus status)
    {
        var volunteer = Ready();
        volunteer.Status = status;
        Assert.Throws<DomainRuleException>(() => VolunteerRules.Approve(volunteer, CoordinatorA, 1, Catalogue(), Now, Today, Defaults));
    }

    // ---- Helpers ------------------------------------------------------------------------------------------------

    private static readonly TrainingModule Trauma = new() { Name = "Traumer og vold", Mandatory = true };

    private static List<TrainingModule> Catalogue() => [Trauma];

    /// <summary>A volunteer at the end of training for whom every requirement holds on <see cref="Today"/>.</summary>
    private static Volunteer Ready()
    {
        var volunteer = new Volunteer
        {
            Name = "Klar Ressursvenn",
            Email = "klar@test.invalid",
            MunicipalityCode = "0301",
            Status = VolunteerStatus.Training,
            BirthDate = D(1980, 5, 17),
        };
        volunteer.Interview = new VolunteerInterview { VolunteerId = volunteer.Id, HeldOn = D(2026, 9, 1), Suitability = Suitability.Suitable };
        volunteer.PoliceCertificate = Certificate(shownOn: D(2026, 9, 15), issuedOn: D(2026, 9, 1));
        volunteer.Declarations = [new DeclarationSignature { VolunteerId = volunteer.Id, TextVersion = DeclarationSignature.CurrentTextVersion, SignedAt = Now }];
        Complete(volunteer, Trauma);
        return volunteer;
    }

    private static PoliceCertificateRecord Certificate(DateOnly shownOn, DateOnly issuedOn) =>
        new() { ShownOn = shownOn, IssuedOn = issuedOn, Purpose = "Frivillig i Ressursvenn" };

    private static void Complete(Volunteer volunteer, TrainingModule module) =>
        volunteer.Training.Add(new TrainingCompletion { VolunteerId = volunteer.Id, ModuleId = module.Id, CompletedOn = D(2026, 10, 1) });
}
