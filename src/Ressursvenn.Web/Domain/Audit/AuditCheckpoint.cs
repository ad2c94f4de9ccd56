using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ressursvenn.Web.Domain.Audit;

/// <summary>What a checkpoint anchors.</summary>
public enum AuditCheckpointKind
{
    /// <summary>The chain's head after a committed append: the trail holds at least this entry.</summary>
    Head = 0,

    /// <summary>The last entry a retention purge removed: the kept trail starts right after it.</summary>
    Purge = 1,
}

/// <summary>
/// A signed statement kept outside the database (ADR 0013): "the audit trail's entry <see cref="Sequence"/> has hash
/// <see cref="Hash"/>", written at <see cref="WrittenAt"/>. Like a Certificate Transparency signed tree head it makes
/// removing the newest entries visible: the database must reach every checkpoint's sequence with that hash. Carries
/// no personal data (a sequence number, a hash and a time).
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string Hash, DateTime WrittenAt, AuditCheckpointKind Kind)
{
    private const string Version = "v1";

    /// <summary>One line of the checkpoint file (without the newline): fields and an HMAC-SHA256 over them.</summary>
    public string ToLine(byte[] key)
    {
        var body = Body();
        return body + " " + Sign(key, body);
    }

    /// <summary>
    /// Reads one line. Null when the line is malformed or its signature does not match (a forged or changed
    /// checkpoint): only the holder of the checkpoint key can write a line this accepts.
    /// </summary>
    public static AuditCheckpoint? Parse(byte[] key, string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Split(' ');
        if (fields.Length != 6 || fields[0] != Version
            || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || fields[2].Length != 64
            || !DateTime.TryParseExact(fields[3], "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var writtenAt) || writtenAt.Kind != DateTimeKind.Utc
            || !Enum.TryParse<AuditCheckpointKind>(fields[4], ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
        {
            return null;
        }

        var checkpoint = new AuditCheckpoint(sequence, fields[2], writtenAt, kind);
        var expected = Sign(key, checkpoint.Body());
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(fields[5])) ? checkpoint : null;
    }

    private string Body() => string.Join(' ',
        Version,
        Sequence.ToString(CultureInfo.InvariantCulture),
        Hash,
        DateTime.SpecifyKind(WrittenAt.ToUniversalTime(), DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture),
        Kind.ToString());

    private static string Sign(byte[] key, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("ressursvenn-audit-checkpoint\u001f" + body)));
}

/// <summary>
/// What the checkpoint file says, gathered line by line: the newest head, every purge boundary and the hash each
/// checkpointed sequence must have. A line whose signature fails stops the gathering (<see cref="ForgedLine"/>).
/// </summary>
public sealed class AuditCheckpointSet
{
    private readonly Dictionary<long, string> hashes = [];
    private readonly Dictionary<long, AuditCheckpoint> purges = [];

    /// <summary>The checkpoint with the highest sequence (head or purge), or null when there is none.</summary>
    public AuditCheckpoint? Newest { get; private set; }

    /// <summary>The 1-based line number of the first line that is malformed or wrongly signed, or null.</summary>
    public int? ForgedLine { get; private set; }

    public int Count { get; private set; }

    /// <summary>Adds the next line of the file; false (and <see cref="ForgedLine"/> set) when it does not verify.</summary>
    public bool Add(byte[] key, string line, int lineNumber)
    {
        if (AuditCheckpoint.Parse(key, line) is not { } checkpoint)
        {
            ForgedLine ??= lineNumber;
            return false;
        }

        Count++;
        hashes[checkpoint.Sequence] = checkpoint.Hash;
        if (checkpoint.Kind == AuditCheckpointKind.Purge)
        {
            purges[checkpoint.Sequence] = checkpoint;
        }

        if (Newest is null || checkpoint.Sequence > Newest.Sequence)
        {
            Newest = checkpoint;
        }

        return true;
    }

    /// <summary>The hash a checkpoint recorded for this sequence, or null when none did.</summary>
    public string? HashAt(long sequence) => hashes.GetValueOrDefault(sequence);

    /// <summary>The purge checkpoint whose boundary is this sequence (the kept trail starts after it), or null.</summary>
    public AuditCheckpoint? PurgeAt(long sequence) => purges.GetValueOrDefault(sequence);
}
