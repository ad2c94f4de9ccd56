using Ressursvenn.Matching;
using static Ressursvenn.UnitTests.Matching.MatchingData;

namespace Ressursvenn.UnitTests.Matching;

/// <summary>Networks to avoid are compared as normalised entries: the same network excludes, a shared word warns.</summary>
public sealed class NetworkTests
{
    [Theory]
    [InlineData("Khan", "Khan-familien")]
    [InlineData("Khan", "Familien Khan")]
    [InlineData("khan", "  KHAN   familien ")]
    [InlineData("Khan", "Khanfamilien")]
    [InlineData("Øvre Ås", "ovre as-slekten")]
    [InlineData("Sørensen", "Sorensen slekta")]
    [InlineData("José", "jose")]
    public void TheSameNetwork_WrittenDifferently_HasOneKey(string a, string b) =>
        Assert.Equal(Networks.Key(a), Networks.Key(b));

    [Fact]
    public void TheSameNetworkWrittenDifferently_ExcludesHer_InTheRulesAndThePool()
    {
        var w = Woman() with { NetworksToAvoid = ["Khan"] };
        var v = Volunteer(1) with { Networks = ["idrettslaget", "Khan-familien"] };
        var fine = Volunteer(2) with { Networks = ["Hansen"] };

        Assert.Equal([ExclusionCode.BelongsToNetworkToAvoid], HardRules.Evaluate(w, v, Context()).Select(e => e.Code));
        Assert.Equal([fine.Id], MatchingEngine.Suggest(w, [v, fine], Context(), 5).Suggestions.Select(s => s.Volunteer.Id));
    }

    [Fact]
    public void ASharedWord_IsAPartialOverlap_NotAnExclusion()
    {
        var w = Woman() with { NetworksToAvoid = ["Ali-slekten", "Menigheten"] };
        var v = Volunteer(1) with { Networks = ["Ali Hassan", "Idrettslaget"] };

        Assert.True(HardRules.IsAllowed(w, v, Context()));
        Assert.Equal([("Ali-slekten", "Ali Hassan")], Networks.PartialOverlaps(w.NetworksToAvoid, v.Networks));
        // The same network is the hard rule's case, never also a warning; unrelated entries give nothing.
        Assert.Empty(Networks.PartialOverlaps(["Khan"], ["Khan-familien"]));
        Assert.Empty(Networks.PartialOverlaps(["Khan"], ["Hansen", ""]));
    }
}
