using Ressursvenn.Web.Domain.Audit;

namespace Ressursvenn.UnitTests;

public sealed class AuditChainTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTime Start = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);

    private static List<AuditLink> Chain(int length)
    {
        var links = new List<AuditLink>();
        for (var i = 0; i < length; i++)
        {
            links.Add(AuditChain.Next(Key, links.LastOrDefault(), Start.AddMinutes(i), Guid.CreateVersion7(), i % 2 == 0 ? "View" : "Change", "Participant", Guid.CreateVersion7(), null));
        }

        return links;
    }

    [Fact]
    public void UntouchedChain_IsIntact()
    {
        var result = AuditChain.Verify(Key, Chain(20));
        Assert.True(result.IsIntact);
        Assert.Equal(20, result.Checked);
        Assert.Null(result.FirstBadSequence);
    }

    [Fact]
    public void ChangedEntry_IsNamed()
    {
        var chain = Chain(10);
        chain[4] = chain[4] with { Action = "Export" };
        var result = AuditChain.Verify(Key, chain);
        Assert.Equal((5L, AuditBreak.Changed), (result.FirstBadSequence!.Value, result.Break));
    }

    [Fact]
    public void ChangedTime_IsNamed()
    {
        var chain = Chain(10);
        chain[7] = chain[7] with { At = chain[7].At.AddSeconds(1) };
        Assert.Equal(8L, AuditChain.Verify(Key, chain).FirstBadSequence);
    }

    [Fact]
    public void RemovedEntry_IsNamedAtTheGap()
    {
        var chain = Chain(10);
        chain.RemoveAt(3);
        var result = AuditChain.Verify(Key, chain);
        Assert.Equal((5L, AuditBreak.SequenceGap), (result.FirstBadSequence!.Value, result.Break));
    }

    [Fact]
    public void RemovedLastEntries_LeaveAnIntactShorterChain_SoTheCountMustBeCheckedToo()
    {
        var chain = Chain(10);
        var result = AuditChain.Verify(Key, chain.Take(8));
        Assert.True(result.IsIntact);
        Assert.Equal(8, result.Checked);
    }

    [Fact]
    public void ReorderedEntries_AreNamed()
    {
        var chain = Chain(10);
        (chain[5], chain[6]) = (chain[6], chain[5]);
        var result = AuditChain.Verify(Key, chain);
        // Entry 7 now stands where entry 6 should: it is the first one out of place.
        Assert.Equal(7L, result.FirstBadSequence);
        Assert.NotEqual(AuditBreak.None, result.Break);
    }

    [Fact]
    public void ReorderedEntriesWithRenumberedSequence_AreStillCaught()
    {
        var chain = Chain(10);
        var a = chain[5];
        var b = chain[6];
        chain[5] = b with { Sequence = a.Sequence };
        chain[6] = a with { Sequence = b.Sequence };
        Assert.Equal(6L, AuditChain.Verify(Key, chain).FirstBadSequence);
    }

    [Fact]
    public void ChainRewrittenWithoutTheKey_IsCaught()
    {
        var chain = Chain(5);
        var forged = new List<AuditLink>();
        var otherKey = new byte[32];
        foreach (var link in chain)
        {
            forged.Add(AuditChain.Next(otherKey, forged.LastOrDefault(), link.At, link.UserId, link.Action, link.EntityType, link.EntityId, link.Detail));
        }

        Assert.Equal(1L, AuditChain.Verify(Key, forged).FirstBadSequence);
    }
}
