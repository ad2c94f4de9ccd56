using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Matching;
using Ressursvenn.Web.Data;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// Positions from the reference data (municipality centres, postal-code centres, and a population-weighted centre
/// per county for protected identities) — never an address. Loaded once per process: the reference data only
/// changes with a new release, which restarts the application.
/// </summary>
public sealed class GeoIndex(IServiceScopeFactory scopes) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private Snapshot? snapshot;

    public sealed record MunicipalityInfo(string Name, string CountyCode, GeoPoint Position);

    public sealed record Snapshot(
        FrozenDictionary<string, MunicipalityInfo> Municipalities,
        FrozenDictionary<string, GeoPoint> PostalCodes,
        FrozenDictionary<string, GeoPoint> Counties)
    {
        /// <summary>The postal code's position, else the municipality's, else the county's; null when none is known.</summary>
        public GeoPoint? Locate(string? postalCode, string? municipalityCode, string? countyCode) =>
            postalCode is not null && PostalCodes.TryGetValue(postalCode, out var p) ? p
            : municipalityCode is not null && Municipalities.TryGetValue(municipalityCode, out var m) ? m.Position
            : countyCode is not null && Counties.TryGetValue(countyCode, out var c) ? c
            : null;
    }

    public void Dispose() => gate.Dispose();

    public async Task<Snapshot> GetAsync(CancellationToken ct = default)
    {
        if (snapshot is { } ready)
        {
            return ready;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (snapshot is null)
            {
                await using var scope = scopes.CreateSystemScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var municipalities = await db.Municipalities.AsNoTracking().Where(m => m.Current).ToListAsync(ct);
                var postal = await db.PostalCodes.AsNoTracking()
                    .Where(p => p.Current && p.Latitude != null && p.Longitude != null)
                    .Select(p => new { p.Code, p.Latitude, p.Longitude }).ToListAsync(ct);
                var counties = municipalities.GroupBy(m => m.CountyCode).ToFrozenDictionary(g => g.Key, g =>
                {
                    double weight = g.Sum(m => (double)Math.Max(1, m.Population));
                    return new GeoPoint(
                        g.Sum(m => m.Latitude * Math.Max(1, m.Population)) / weight,
                        g.Sum(m => m.Longitude * Math.Max(1, m.Population)) / weight);
                }, StringComparer.Ordinal);
                snapshot = new Snapshot(
                    municipalities.ToFrozenDictionary(m => m.Code, m => new MunicipalityInfo(m.Name, m.CountyCode, new GeoPoint(m.Latitude, m.Longitude)), StringComparer.Ordinal),
                    postal.ToFrozenDictionary(p => p.Code, p => new GeoPoint(p.Latitude!.Value, p.Longitude!.Value), StringComparer.Ordinal),
                    counties);
            }

            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }
}
