using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Security;

namespace Ressursvenn.UnitTests;

/// <summary>
/// ADR 0006: the password validator estimates strength with zxcvbn, a Norwegian word list and the user's own name
/// and e-mail address, beyond the exact list of common passwords.
/// </summary>
public sealed class PasswordStrengthTests
{
    private static AppUser User(string name = "Testbruker Nøytral", string email = "bruker-7f3a@test.invalid") =>
        new() { DisplayName = name, Email = email, UserName = email, Role = Roles.Volunteer };

    [Theory]
    [InlineData("passord12345")]
    [InlineData("Sommer2024!!")]
    public void TheIssuesExamples_NotOnTheExactList_AreRefusedAsWeak(string password)
    {
        Assert.False(CommonPasswordValidator.IsCommon(password));
        Assert.Equal("WeakPassword", CommonPasswordValidator.Refusal(password, User()));
    }

    [Theory]
    [InlineData("Passord2025!")]
    [InlineData("vinter123456")]
    [InlineData("Høsten2024!!")]
    [InlineData("Hoesten2024!!")]
    [InlineData("Oslo12345678")]
    [InlineData("p4ssord12345")]
    [InlineData("Kari12345678")]
    public void NorwegianWordsNamesAndPlacesWithDigits_AreRefused(string password)
    {
        Assert.NotNull(CommonPasswordValidator.Refusal(password, User()));
    }

    [Theory]
    [InlineData("Blåbær på tur i regnvær hver tirsdag")]
    [InlineData("Lang-test-setning-med-ord-42")]
    [InlineData("grønn kaffekopp danser stille 7")]
    public void ALongPassphrase_IsAccepted(string password)
    {
        Assert.Null(CommonPasswordValidator.Refusal(password, User()));
        Assert.True(CommonPasswordValidator.Score(password, User()) >= CommonPasswordValidator.MinimumScore);
    }

    [Fact]
    public void APasswordMadeOfHerOwnName_IsRefused_ThoughTheSameIsStrongForSomeoneElse()
    {
        const string password = "Zakariassen Yrjaneborg 8";
        var her = User("Zakariassen Yrjaneborg", "zy-9c1@test.invalid");

        Assert.Equal("WeakPassword", CommonPasswordValidator.Refusal(password, her));
        Assert.Null(CommonPasswordValidator.Refusal(password, User()));
    }

    [Fact]
    public void APasswordHoldingHerEmailName_IsRefused()
    {
        var her = User(email: "solbakkeli@test.invalid");
        Assert.Equal("PasswordContainsEmail", CommonPasswordValidator.Refusal("Solbakkeli og mange flere ord", her));
    }

    [Fact]
    public void TheNorwegianListIsShipped_WithFoldedSpellings()
    {
        Assert.True(CommonPasswordValidator.NorwegianWordCount > 300, $"only {CommonPasswordValidator.NorwegianWordCount} words");
        Assert.Contains("hoesten", CommonPasswordValidator.PersonalWords(User("Høsten Test")));
    }
}
