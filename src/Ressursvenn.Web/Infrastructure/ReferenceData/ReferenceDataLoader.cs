using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Infrastructure.ReferenceData;

/// <summary>
/// Loads counties, municipalities and postal codes from the CSV files shipped in ReferenceData/norway. The
/// data set carries a version (the VERSION file); a new version is applied once, as a data change: rows are
/// upserted, and codes no longer listed are kept (they may be referenced) but marked not current.
/// </summary>
public sealed partial class ReferenceDataLoader(AppDbContext db, IWebHostEnvironment env, TimeProvider clock, ILogger<ReferenceDataLoader> logger)
{
    public const string DataSet = "norway";

    public string Folder => Path.Combine(AppContext.BaseDirectory, "ReferenceData", DataSet) is var built && Directory.Exists(built)
        ? built
        : Path.Combine(env.ContentRootPath, "ReferenceData", DataSet);

    public string ShippedVersion => File.ReadAllText(Path.Combine(Folder, "VERSION")).Trim();

    /// <summary>Applies the shipped version when the database holds another; returns true when it loaded.</summary>
    public async Task<bool> EnsureLoadedAsync(CancellationToken ct = default)
    {
        var version = ShippedVersion;
        var loaded = await db.ReferenceDataVersions.FirstOrDefaultAsync(v => v.DataSet == DataSet, ct);
        if (loaded?.Version == version)
        {
            return false;
        }

        var municipalities = ReferenceDataFiles.Municipalities(Folder);
        var postalCodes = ReferenceDataFiles.PostalCodes(Folder);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var counties = await db.Counties.ToDictionaryAsync(c => c.Code, ct);
        foreach (var row in municipalities.DistinctBy(r => r.CountyCode))
        {
            if (counties.TryGetValue(row.CountyCode, out var county))
            {
                county.Name = row.CountyName;
            }
            else
            {
                db.Counties.Add(new County { Code = row.CountyCode, Name = row.CountyName });
            }
        }

        var existingMunicipalities = await db.Municipalities.ToDictionaryAsync(m => m.Code, ct);
        foreach (var m in existingMunicipalities.Values)
        {
            m.Current = false;
        }

        foreach (var row in municipalities)
        {
            if (!existingMunicipalities.TryGetValue(row.Code, out var m))
            {
                m = new Municipality { Code = row.Code, Name = row.Name, CountyCode = row.CountyCode };
                db.Municipalities.Add(m);
            }

            m.Name = row.Name;
            m.CountyCode = row.CountyCode;
            m.Population = row.Population;
            m.Latitude = row.Latitude;
            m.Longitude = row.Longitude;
            m.Current = true;
        }

        await db.SaveChangesAsync(ct);

        var existingCodes = await db.PostalCodes.ToDictionaryAsync(p => p.Code, ct);
        foreach (var p in existingCodes.Values)
        {
            p.Current = false;
        }

        foreach (var row in postalCodes)
        {
            if (!existingCodes.TryGetValue(row.Code, out var p))
            {
                p = new PostalCode { Code = row.Code, Place = row.Place, MunicipalityCode = row.MunicipalityCode };
                db.PostalCodes.Add(p);
            }

            p.Place = row.Place;
            p.MunicipalityCode = row.MunicipalityCode;
            p.Latitude = row.Latitude;
            p.Longitude = row.Longitude;
            p.Current = true;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (loaded is null)
        {
            db.ReferenceDataVersions.Add(new ReferenceDataVersion { DataSet = DataSet, Version = version, LoadedAt = now });
        }
        else
        {
            loaded.Version = version;
            loaded.LoadedAt = now;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        Log.Loaded(logger, DataSet, version, municipalities.Count, postalCodes.Count);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Reference data {DataSet} version {Version} loaded: {Municipalities} municipalities, {PostalCodes} postal codes")]
        public static partial void Loaded(ILogger logger, string dataSet, string version, int municipalities, int postalCodes);
    }
}
