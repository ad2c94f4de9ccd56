using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ressursvenn.Web.Domain.Audit;

/// <summary>
/// One link of the audit trail (SR17): who, when, which record, which action — never the content. The hash
/// covers every field and the previous entry's hash, so a changed, removed or reordered entry breaks the chain.
/// </summary>
public sealed record AuditLink(
    long Sequence, DateTime At, Guid? UserId, string Action, string EntityType, Guid? EntityId, string? Detail,
    string PreviousHash, string Hash);

/// <summary>Why the chain is broken at an entry.</summary>
public enum AuditBreak
{
    None = 0,

    /// <summary>The entry's fields no longer give its hash: it was changed.</summary>
    Changed = 1,

    /// <summary>The entry does not follow the one before it: an entry was removed or the order changed.</summary>
    NotLinked = 2,

    /// <summary>A sequence number is missing or repeated.</summary>
    SequenceGap = 3,

    /// <summary>The trail ends before the newest checkpoint: its newest entries were removed (ADR 0013).</summary>
    Truncated = 4,

    /// <summary>A line of the checkpoint file is malformed or its signature is wrong.</summary>
    CheckpointForged = 5,

    /// <summary>The entry at a checkpointed sequence has another hash than the checkpoint recorded.</summary>
    CheckpointMismatch = 6,

    /// <summary>The trail starts after entry 1 but not right after a purge checkpoint: its oldest entries were removed.</summary>
    PrefixRemoved = 7,
}

/// <summary>The result of checking a chain: the first bad entry, or none.</summary>
public sealed record AuditVerification(long? FirstBadSequence, AuditBreak Break, long Checked)
{
    public bool IsIntact => Break == AuditBreak.None;

    /// <summary>The last sequence the database holds (0 when it holds none); set when checked against checkpoints.</summary>
    public long? LastSequence { get; init; }

    /// <summary>The checkpoint the verdict is about (the newest one for <see cref="AuditBreak.Truncated"/>).</summary>
    public AuditCheckpoint? Checkpoint { get; init; }

    /// <summary>The 1-based line of the checkpoint file that failed (<see cref="AuditBreak.CheckpointForged"/>).</summary>
    public int? CheckpointLine { get; init; }

    /// <summary>The sequence the kept trail starts after (a purge boundary), or 0.</summary>
    public long PurgedThrough { get; init; }
}

/// <summary>
/// Builds and checks the hash chain. The hash is an HMAC with a key kept outside the database, so someone who
/// can write to the database cannot rewrite the whole chain to hide a change.
/// </summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static string ComputeHash(byte[] key, long sequence, DateTime at, Guid? userId, string action, string entityType, Guid? entityId, string? detail, string previousHash)
    {
        var canonical = string.Join('\u001f',
            sequence.ToString(CultureInfo.InvariantCulture),
            at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            userId?.ToString("N") ?? string.Empty,
            action,
            entityType,
            entityId?.ToString("N") ?? string.Empty,
            detail ?? string.Empty,
            previousHash);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The next link after <paramref name="previous"/> (null for the first entry).</summary>
    public static AuditLink Next(byte[] key, AuditLink? previous, DateTime at, Guid? userId, string action, string entityType, Guid? entityId, string? detail)
    {
        var sequence = (previous?.Sequence ?? 0) + 1;
        var previousHash = previous?.Hash ?? Genesis;
        return new AuditLink(sequence, at, userId, action, entityType, entityId, detail, previousHash,
            ComputeHash(key, sequence, at, userId, action, entityType, entityId, detail, previousHash));
    }

    /// <summary>Checks entries in the order they are stored (by sequence); names the first one that breaks the chain.</summary>
    public static AuditVerification Verify(byte[] key, IEnumerable<AuditLink> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var verifier = new Verifier(key);
        foreach (var entry in entries)
        {
            if (verifier.Add(entry) is { } broken)
            {
                return broken;
            }
        }

        return verifier.Result;
    }

    /// <summary>Checks a chain one entry at a time, so a long trail can be streamed from the database.</summary>
    public sealed class Verifier(byte[] key)
    {
        private string expectedPrevious = Genesis;
        private long expectedSequence = 1;
        private long count;

        /// <summary>
        /// Starts the check after a purge boundary: the first entry must be <paramref name="sequence"/> + 1 and link
        /// to <paramref name="hash"/> (both from a signed purge checkpoint). Call before the first <see cref="Add"/>.
        /// </summary>
        public void StartAfter(long sequence, string hash)
        {
            if (count > 0)
            {
                throw new InvalidOperationException("The start of the chain is set before the first entry is added.");
            }

            expectedSequence = sequence + 1;
            expectedPrevious = hash;
        }

        public AuditVerification Result => new(null, AuditBreak.None, count);

        /// <summary>Adds the next stored entry; returns the verdict when it breaks the chain, else null.</summary>
        public AuditVerification? Add(AuditLink entry)
        {
            ArgumentNullException.ThrowIfNull(entry);
            count++;
            if (entry.Sequence != expectedSequence)
            {
                return new AuditVerification(entry.Sequence, AuditBreak.SequenceGap, count);
            }

            var recomputed = ComputeHash(key, entry.Sequence, entry.At, entry.UserId, entry.Action, entry.EntityType, entry.EntityId, entry.Detail, entry.PreviousHash);
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(recomputed), Encoding.ASCII.GetBytes(entry.Hash)))
            {
                return new AuditVerification(entry.Sequence, AuditBreak.Changed, count);
            }

            if (!string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            {
                return new AuditVerification(entry.Sequence, AuditBreak.NotLinked, count);
            }

            expectedPrevious = entry.Hash;
            expectedSequence++;
            return null;
        }
    }
}
