using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Features.Matching;
using Ressursvenn.Web.Infrastructure;
using Engine = Ressursvenn.Matching;

namespace Ressursvenn.IntegrationTests.Features.Matching;

/// <summary>
/// When the kept pool of an association's volunteers is built again: at once after this process saves a volunteer,
/// within <see cref="VolunteerPoolCache.StampInterval"/> after another instance changes one (seen in the database
/// stamp only), and after <see cref="VolunteerPoolCache.MaxAge"/> in any case; otherwise never.
/// </summary>
public sealed class VolunteerPoolCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APool_IsBuiltAgainOnlyAfterASave_AChangedStamp_OrItsMaximumAge()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Bufferet");
        await MatchingPlanting.VolunteerAsync(app, association, "Berit Buffer-3p");
        var cache = app.Services.GetRequiredService<VolunteerPoolCache>();
        var builds = 0;

        async Task<int> BuildsAfterAskingAsync()
        {
            await using var scope = app.Services.CreateSystemScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var settings = await scope.ServiceProvider.GetRequiredService<ProgrammeSettingsService>().GetAsync(Ct);
            await cache.GetAsync(db, [association], settings, () =>
            {
                builds++;
                return Task.FromResult<IReadOnlyList<Engine.VolunteerProfile>>([]);
            }, Ct);
            return builds;
        }

        Assert.Equal(1, await BuildsAfterAskingAsync());
        Assert.Equal(1, await BuildsAfterAskingAsync());
        app.Clock.Advance(VolunteerPoolCache.StampInterval);
        Assert.Equal(1, await BuildsAfterAskingAsync());

        // This process saves a volunteer: seen at once.
        await MatchingPlanting.VolunteerAsync(app, association, "Vera Ny-3p");
        Assert.Equal(2, await BuildsAfterAskingAsync());

        // Another instance changes one (a write past this process's interceptors): seen once the stamp is read again.
        await using (var scope = app.Services.CreateSystemScope())
        {
            var later = app.Clock.GetUtcNow().UtcDateTime.AddSeconds(1);
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ExecuteSqlAsync(
                $"UPDATE \"Volunteers\" SET \"UpdatedAt\" = {later} WHERE \"AssociationId\" = {association}", Ct);
        }

        Assert.Equal(2, await BuildsAfterAskingAsync());
        app.Clock.Advance(VolunteerPoolCache.StampInterval);
        Assert.Equal(3, await BuildsAfterAskingAsync());

        app.Clock.Advance(VolunteerPoolCache.MaxAge);
        Assert.Equal(4, await BuildsAfterAskingAsync());
        Assert.Equal(4, await BuildsAfterAskingAsync());
    }
}
