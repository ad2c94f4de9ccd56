using OtpNet;
using Ressursvenn.Web.Security;

namespace Ressursvenn.UnitTests;

public sealed class TotpTests
{
    private const string Key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 15, DateTimeKind.Utc);

    private static string CodeAt(DateTime time) => new Totp(Base32Encoding.ToBytes(Key)).ComputeTotp(time);

    private static long StepOf(DateTime time) => new DateTimeOffset(time).ToUnixTimeSeconds() / 30;

    [Fact]
    public void CurrentCode_IsAccepted_AndReportsItsStep()
    {
        Assert.True(SingleUseAuthenticatorTokenProvider.TryMatch(Key, CodeAt(Now), Now, lastAcceptedStep: 0, out var step));
        Assert.Equal(StepOf(Now), step);
    }

    [Fact]
    public void SameCode_AfterItWasAccepted_IsRefused()
    {
        Assert.False(SingleUseAuthenticatorTokenProvider.TryMatch(Key, CodeAt(Now), Now, lastAcceptedStep: StepOf(Now), out _));
    }

    [Fact]
    public void OlderCode_AfterANewerOneWasAccepted_IsRefused()
    {
        var previous = Now.AddSeconds(-30);
        Assert.False(SingleUseAuthenticatorTokenProvider.TryMatch(Key, CodeAt(previous), Now, lastAcceptedStep: StepOf(Now), out _));
    }

    [Theory]
    [InlineData(-30, true)]
    [InlineData(30, true)]
    [InlineData(-60, false)]
    [InlineData(60, false)]
    public void CodeFromANeighbouringStep_IsAcceptedForClockDrift_ButNotFurther(int offsetSeconds, bool accepted)
    {
        Assert.Equal(accepted, SingleUseAuthenticatorTokenProvider.TryMatch(Key, CodeAt(Now.AddSeconds(offsetSeconds)), Now, 0, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("abcdef")]
    public void MalformedCode_IsRefused(string code)
    {
        Assert.False(SingleUseAuthenticatorTokenProvider.TryMatch(Key, code, Now, 0, out _));
    }

    [Fact]
    public void CodeWithSpaces_IsAccepted()
    {
        var code = CodeAt(Now);
        Assert.True(SingleUseAuthenticatorTokenProvider.TryMatch(Key, $"{code[..3]} {code[3..]}", Now, 0, out _));
    }
}
