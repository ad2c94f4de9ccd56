namespace Ressursvenn.Web.Infrastructure;

/// <summary>
/// Holds the running marker (<see cref="DatabaseLocks.HoldRunningMarkerAsync"/>) for as long as this instance serves,
/// so <c>restore</c> refuses to overwrite the database under it. Taken while the start-up lock is still held (no
/// moment between start-up and serving without it), and as a hosted service for hosts started another way.
/// </summary>
public sealed class RunningInstanceMarker(DatabaseLocks locks) : IHostedService, IAsyncDisposable
{
    private readonly Lock sync = new();
    private Task<IAsyncDisposable>? held;

    /// <summary>Takes the marker once; later calls wait for that same acquisition.</summary>
    public Task EnsureHeldAsync(CancellationToken ct = default)
    {
        lock (sync)
        {
            held ??= locks.HoldRunningMarkerAsync(ct);
            return held;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => EnsureHeldAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await ReleaseAsync();

    /// <summary>Idempotent: the container disposes it as itself and again as the hosted service it also is.</summary>
    public ValueTask DisposeAsync() => ReleaseAsync();

    private async ValueTask ReleaseAsync()
    {
        Task<IAsyncDisposable>? releasing;
        lock (sync)
        {
            releasing = held;
            held = null;
        }

        if (releasing is { IsCompletedSuccessfully: true })
        {
            await releasing.Result.DisposeAsync();
        }
    }
}
