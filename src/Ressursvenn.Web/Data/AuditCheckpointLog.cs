using System.Text;
using Ressursvenn.Web.Domain.Audit;

namespace Ressursvenn.Web.Data;

/// <summary>
/// The append-only checkpoint file beside the keys (ADR 0013): one signed <see cref="AuditCheckpoint"/> per line,
/// written after every committed audited save (the chain's new head) and at every retention purge (its boundary).
/// Several instances share the key folder: each append holds an exclusive lock on the file (flock, taken by opening
/// it with <see cref="FileShare.None"/>), so lines never interleave; a line torn by a crash (no newline) is cut off by
/// the next append and ignored by readers. The file is created readable by the owner only, and the backup command
/// copies it with the key folder.
/// </summary>
public sealed partial class AuditCheckpointLog(string folder, byte[] key, TimeProvider clock, ILogger<AuditCheckpointLog> logger, bool logCheckpoints) : IDisposable
{
    public const string FileName = "audit-checkpoints.log";

    public const string KeyFile = "audit-checkpoint.key";

    /// <summary>How long an append or a read waits for another instance's lock before it gives up.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(15);

    private readonly SemaphoreSlim gate = new(1, 1);

    public string FilePath => Path.Combine(folder, FileName);

    public void Dispose() => gate.Dispose();

    /// <summary>Appends a signed checkpoint; returns it.</summary>
    public async Task<AuditCheckpoint> AppendAsync(long sequence, string hash, AuditCheckpointKind kind, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var checkpoint = new AuditCheckpoint(sequence, hash, new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc), kind);
        var line = Encoding.ASCII.GetBytes(checkpoint.ToLine(key) + "\n");
        await gate.WaitAsync(ct);
        try
        {
            await using var stream = await OpenLockedAsync(write: true, ct);
            await CutTornLineAsync(stream, ct);
            stream.Position = stream.Length;
            await stream.WriteAsync(line, ct);
            await stream.FlushAsync(ct);
        }
        finally
        {
            gate.Release();
        }

        if (logCheckpoints)
        {
            Log.Checkpoint(logger, checkpoint.Kind, checkpoint.Sequence, checkpoint.Hash);
        }

        return checkpoint;
    }

    /// <summary>
    /// Appends the chain's new head after its transaction committed. The change is stored by then, so a file that
    /// cannot be written does not undo it: the failure is logged as an error (the next append writes a newer head).
    /// </summary>
    public async Task AppendHeadAsync(long sequence, string hash)
    {
        try
        {
            await AppendAsync(sequence, hash, AuditCheckpointKind.Head, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.CheckpointFailed(logger, ex, sequence);
        }
    }

    /// <summary>Reads and checks every complete line; a missing file is an empty set.</summary>
    public async Task<AuditCheckpointSet> ReadAsync(CancellationToken ct = default)
    {
        var set = new AuditCheckpointSet();
        if (!File.Exists(FilePath))
        {
            return set;
        }

        await using var stream = await OpenLockedAsync(write: false, ct);
        var complete = stream.Length > 0 && await LastByteAsync(stream, ct) == '\n';
        stream.Position = 0;
        using var reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false);
        string? pending = null;
        var number = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (pending is not null)
            {
                set.Add(key, pending, number);
            }

            pending = line;
            number++;
        }

        // The last line counts only when it ends with a newline (else a crash tore it while it was written).
        if (pending is not null && complete)
        {
            set.Add(key, pending, number);
        }

        return set;
    }

    private async Task<FileStream> OpenLockedAsync(bool write, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var options = new FileStreamOptions
        {
            Mode = write ? FileMode.OpenOrCreate : FileMode.Open,
            Access = write ? FileAccess.ReadWrite : FileAccess.Read,
            // None: an exclusive lock (flock LOCK_EX) that other instances' appends and reads wait for.
            Share = write ? FileShare.None : FileShare.Read,
        };
        if (write && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // Real time, not the app's clock: this bounds a wait on another process, not a domain rule.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                return new FileStream(FilePath, options);
            }
            catch (IOException ex) when (IsLocked(ex) && System.Diagnostics.Stopwatch.GetElapsedTime(started) < LockWait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 20)), ct);
            }
        }
    }

    /// <summary>
    /// Another process holds the file: on Windows a sharing or lock violation (32, 33); on Linux and macOS .NET's flock
    /// refusal surfaces as a plain <see cref="IOException"/> carrying errno (EWOULDBLOCK), so every plain IOException (not
    /// a missing file or folder) is waited out, bounded by <see cref="LockWait"/>.
    /// </summary>
    private static bool IsLocked(IOException ex) =>
        (ex.HResult & 0xFFFF) is 32 or 33 || ex.GetType() == typeof(IOException);

    private static async Task<int> LastByteAsync(FileStream stream, CancellationToken ct)
    {
        stream.Position = stream.Length - 1;
        var buffer = new byte[1];
        return await stream.ReadAsync(buffer, ct) == 1 ? buffer[0] : -1;
    }

    /// <summary>Cuts a torn last line (no newline at its end) so the next line starts on its own.</summary>
    private static async Task CutTornLineAsync(FileStream stream, CancellationToken ct)
    {
        if (stream.Length == 0 || await LastByteAsync(stream, ct) == '\n')
        {
            return;
        }

        var end = stream.Length - 1;
        var buffer = new byte[1];
        while (end > 0)
        {
            stream.Position = end - 1;
            if (await stream.ReadAsync(buffer, ct) == 1 && buffer[0] == '\n')
            {
                break;
            }

            end--;
        }

        stream.SetLength(end);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Audit checkpoint {Kind} at entry {Sequence} with hash {Hash}")]
        public static partial void Checkpoint(ILogger logger, AuditCheckpointKind kind, long sequence, string hash);

        [LoggerMessage(Level = LogLevel.Error, Message = "The audit checkpoint for entry {Sequence} could not be written; removing the newest entries is not detectable until the next one is")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception, long sequence);
    }
}
