using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Domain.Audit;

namespace Ressursvenn.Web.Data;

/// <summary>
/// Checks the stored audit trail end to end (the verify-audit command, and the tests): the hash chain, and the chain
/// against the signed checkpoints kept outside the database (ADR 0013) — every checkpoint must verify, the trail must
/// reach the newest one, an entry at a checkpointed sequence must have the checkpoint's hash, and a trail that does not
/// start at entry 1 must start right after a purge checkpoint.
/// </summary>
public sealed class AuditVerifier(AppDbContext db, AuditKey key, AuditCheckpointLog checkpoints)
{
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var anchors = await checkpoints.ReadAsync(ct);
        if (anchors.ForgedLine is { } line)
        {
            return new AuditVerification(null, AuditBreak.CheckpointForged, 0) { CheckpointLine = line };
        }

        var verifier = new AuditChain.Verifier(key.Bytes);
        var purgedThrough = 0L;
        AuditEntry? last = null;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (last is null && entry.Sequence != 1)
            {
                // The oldest entries are gone: only a purge recorded at exactly this boundary, with this link, explains it.
                purgedThrough = entry.Sequence - 1;
                if (anchors.PurgeAt(purgedThrough) is not { } purge || !string.Equals(purge.Hash, entry.PreviousHash, StringComparison.Ordinal))
                {
                    return new AuditVerification(entry.Sequence, AuditBreak.PrefixRemoved, 1);
                }

                verifier.StartAfter(purgedThrough, purge.Hash);
            }

            last = entry;
            if (verifier.Add(entry.ToLink()) is { } broken)
            {
                return broken with { PurgedThrough = purgedThrough };
            }

            if (anchors.HashAt(entry.Sequence) is { } anchored && !string.Equals(anchored, entry.Hash, StringComparison.Ordinal))
            {
                return new AuditVerification(entry.Sequence, AuditBreak.CheckpointMismatch, verifier.Result.Checked) { PurgedThrough = purgedThrough };
            }
        }

        var lastSequence = last?.Sequence ?? 0;
        if (anchors.Newest is { } newest && newest.Sequence > lastSequence)
        {
            return new AuditVerification(lastSequence + 1, AuditBreak.Truncated, verifier.Result.Checked)
            {
                LastSequence = lastSequence, Checkpoint = newest, PurgedThrough = purgedThrough,
            };
        }

        return verifier.Result with { LastSequence = lastSequence, Checkpoint = anchors.Newest, PurgedThrough = purgedThrough };
    }
}
