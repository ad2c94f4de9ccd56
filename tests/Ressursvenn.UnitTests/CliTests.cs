using Ressursvenn.Web.Cli;

namespace Ressursvenn.UnitTests;

public sealed class CliTests
{
    [Fact]
    public void NoArguments_MeansServe()
    {
        Assert.Null(CliCommand.Parse([]));
        Assert.Null(CliCommand.Parse(["--urls", "http://localhost:5001"]));
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData("create-admin")]
    [InlineData("seed-demo")]
    [InlineData("backup")]
    [InlineData("restore")]
    [InlineData("demo-code")]
    [InlineData("rotate-keys")]
    [InlineData("run-retention")]
    public void KnownCommands_AreRecognised(string command)
    {
        Assert.NotNull(CliCommand.Parse([command]));
    }

    [Fact]
    public void DemoCode_IsSixDigits_AndChangesWithTime()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var first = DemoSeeder.CurrentCode(clock);
        Assert.Matches("^[0-9]{6}$", first);
        clock.Now = clock.Now.AddSeconds(30);
        Assert.NotEqual(first, DemoSeeder.CurrentCode(clock));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
