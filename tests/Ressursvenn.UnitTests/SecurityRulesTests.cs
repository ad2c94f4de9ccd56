using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Features.Account;
using Ressursvenn.Web.Security;

namespace Ressursvenn.UnitTests;

public sealed class SecurityRulesTests
{
    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("/admin/foreninger", "/admin/foreninger")]
    [InlineData("/konto?x=1", "/konto?x=1")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("evil", "/")]
    [InlineData("javascript:alert(1)", "/")]
    public void ReturnUrl_IsOnlyEverALocalPath(string? returnUrl, string expected)
    {
        Assert.Equal(expected, new LoginCompletion(null!, null!, null!).SafeReturnUrl(returnUrl));
    }

    [Theory]
    [InlineData(Roles.NationalAdmin, true)]
    [InlineData(Roles.Coordinator, true)]
    [InlineData(Roles.CrisisCentreStaff, true)]
    [InlineData(Roles.PrivacyOfficer, true)]
    [InlineData(Roles.Volunteer, false)]
    public void SecondFactor_IsRequiredForEveryStaffRole(string role, bool required)
    {
        Assert.Equal(required, Roles.RequiresMfa(role));
    }

    [Fact]
    public void EveryRole_IsAdmittedBySomePolicy_AndSignedInAdmitsAll()
    {
        foreach (var role in Roles.All)
        {
            Assert.Contains(Policies.RolesByPolicy.Values, roles => roles.Contains(role));
        }

        Assert.Equal(Roles.All.Order(), Policies.RolesByPolicy[Policies.SignedIn].Order());
        Assert.Equal([Roles.NationalAdmin], Policies.RolesByPolicy[Policies.NationalAdmin]);
    }

    [Fact]
    public void LinkLifetimes_AreThoseOfSr12()
    {
        Assert.Equal(TimeSpan.FromHours(72), OneTimeTokenService.LifetimeOf(TokenPurpose.Invitation));
        Assert.Equal(TimeSpan.FromHours(1), OneTimeTokenService.LifetimeOf(TokenPurpose.PasswordReset));
    }

    [Fact]
    public void TokenHash_IsSha256Hex_AndDiffersPerToken()
    {
        var a = OneTimeTokenService.Hash("token-a");
        Assert.Equal(64, a.Length);
        Assert.Matches("^[0-9a-f]{64}$", a);
        Assert.NotEqual(a, OneTimeTokenService.Hash("token-b"));
        Assert.Equal(a, OneTimeTokenService.Hash("token-a"));
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("passwordpassword")]
    [InlineData("PASSWORD")]
    [InlineData("123456789")]
    public void CommonPasswords_AreRecognised_CaseInsensitively(string password)
    {
        Assert.True(CommonPasswordValidator.IsCommon(password));
    }

    [Fact]
    public void CommonPasswordList_IsShippedAndLarge_AndLetsARealSentenceThrough()
    {
        Assert.True(CommonPasswordValidator.Count > 10_000, $"only {CommonPasswordValidator.Count} entries");
        Assert.False(CommonPasswordValidator.IsCommon("Blåbær på tur i regnvær 2026"));
    }

    [Fact]
    public void SessionLimits_DefaultToThirtyMinutesIdleAndTwelveHours()
    {
        var settings = new SessionSettings();
        Assert.Equal(TimeSpan.FromMinutes(30), settings.IdleFor(Roles.Coordinator));
        Assert.Equal(TimeSpan.FromHours(12), settings.AbsoluteFor(Roles.NationalAdmin));
        settings.VolunteerIdleMinutes = 45;
        Assert.Equal(TimeSpan.FromMinutes(45), settings.IdleFor(Roles.Volunteer));
        Assert.Equal(TimeSpan.FromMinutes(30), settings.IdleFor(Roles.CrisisCentreStaff));
    }
}
