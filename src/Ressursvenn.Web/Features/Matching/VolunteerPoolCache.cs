using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Matching;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// The matching profiles of the volunteers of a set of associations, built once and kept while nothing they depend
/// on changes (ADR 0012): decrypting and loading 10,000 volunteers for every suggestion would take far longer than
/// the suggestion itself. An entry is used only when this process has saved nothing relevant since it was built
/// (<see cref="MatchingDataChanges"/>), the database stamp (volunteers' and matches' count and latest change) is the
/// same — which catches other instances — and it is younger than <see cref="MaxAge"/>. The stamp reads every volunteer
/// row of the associations (a few milliseconds for 10,000), so it is read again at most every
/// <see cref="StampInterval"/> per entry: another instance's change shows within that time, this process's at once.
/// The profiles hold no names or contact details; a proposal always checks the hard rules again on fresh data.
/// <para>
/// The entries live in a memory cache of their own whose size is counted in profiles (<see cref="MaxProfiles"/>), so
/// memory follows the volunteers held, however many sets of associations are asked for: a pool that would pass the
/// limit is not kept, and the least recently used pools are dropped to make room (a quarter of the limit at a time).
/// Whether an entry may be used is decided only as described above; the cache never expires one by itself.
/// </para>
/// </summary>
public sealed class VolunteerPoolCache(MatchingDataChanges changes, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);

    /// <summary>How long a database stamp found unchanged is trusted before it is read again (bench/load: it was a third of the page's time).</summary>
    public static readonly TimeSpan StampInterval = TimeSpan.FromSeconds(5);

    /// <summary>How many volunteer profiles the cached pools hold together at most (each pool counts one more, so an empty one counts too).</summary>
    public const long MaxProfiles = 200_000;

    private readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = MaxProfiles, CompactionPercentage = 0.25 });

    public sealed record Pool(Engine.VolunteerPool Engine, IReadOnlyDictionary<Guid, Engine.VolunteerProfile> ById);

    /// <summary>A built pool and what it was built from; only the time its stamp was last found unchanged moves.</summary>
    private sealed class Entry(long generation, string stamp, string settingsStamp, DateTimeOffset builtAt, Pool pool)
    {
        private long stampReadAtTicks = builtAt.UtcTicks;

        public long Generation => generation;

        public string Stamp => stamp;

        public string SettingsStamp => settingsStamp;

        public DateTimeOffset BuiltAt => builtAt;

        public Pool Pool => pool;

        public DateTimeOffset StampReadAt
        {
            get => new(Interlocked.Read(ref stampReadAtTicks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref stampReadAtTicks, value.UtcTicks);
        }
    }

    public async Task<Pool> GetAsync(AppDbContext db, IReadOnlyCollection<Guid> associationIds, ProgrammeSettings settings,
        Func<Task<IReadOnlyList<Engine.VolunteerProfile>>> build, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(associationIds);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(build);
        var key = string.Join(',', associationIds.Order());
        var generation = changes.Generation;
        var now = clock.GetUtcNow();
        var settingsStamp = SettingsStamp(settings);
        var found = entries.TryGetValue(key, out Entry? entry) && entry!.Generation == generation && now - entry.BuiltAt < MaxAge
            && entry.SettingsStamp == settingsStamp;
        if (found && now - entry!.StampReadAt < StampInterval)
        {
            return entry.Pool;
        }

        var stamp = await StampAsync(db, associationIds, settings, ct);
        if (found && entry!.Stamp == stamp)
        {
            entry.StampReadAt = now;
            return entry.Pool;
        }

        var profiles = await build();
        var pool = new Pool(Engine.VolunteerPool.Create(profiles), profiles.ToDictionary(p => p.Id));
        entries.Set(key, new Entry(generation, stamp, settingsStamp, now, pool), new MemoryCacheEntryOptions { Size = profiles.Count + 1 });
        return pool;
    }

    public void Dispose() => entries.Dispose();

    /// <summary>Counts and latest changes of what the profiles are built from, plus the settings they read.</summary>
    private static async Task<string> StampAsync(AppDbContext db, IReadOnlyCollection<Guid> ids, ProgrammeSettings settings, CancellationToken ct)
    {
        var volunteers = await db.Volunteers.IgnoreQueryFilters().Where(v => ids.Contains(v.AssociationId))
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Latest = g.Max(v => v.UpdatedAt) }).FirstOrDefaultAsync(ct);
        var matches = await db.Matches.IgnoreQueryFilters().Where(m => ids.Contains(m.VolunteerAssociationId))
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Latest = g.Max(m => m.UpdatedAt) }).FirstOrDefaultAsync(ct);
        var modules = await db.TrainingModules.MaxAsync(m => (DateTime?)m.UpdatedAt, ct);
        return FormattableString.Invariant(
            $"{volunteers?.Count}|{volunteers?.Latest.Ticks}|{matches?.Count}|{matches?.Latest.Ticks}|{modules?.Ticks}|{SettingsStamp(settings)}");
    }

    /// <summary>The settings the profiles read (certificate validity and the like): known without a query.</summary>
    private static string SettingsStamp(ProgrammeSettings settings) =>
        FormattableString.Invariant($"{settings.Version}|{settings.UpdatedAt.Ticks}");
}
