using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.IntegrationTests.Privacy;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// ADR 0014: <c>rotate-keys</c> while instances keep working. An edit saved between the rotation's read of a row
/// and its write is kept (the write is conditional on the stored value and the version), and a rotation stopped
/// midway is resumed with the key it started rather than adding another.
/// </summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task AnEditSavedBetweenTheRotationsReadAndWrite_IsKept_AndEndsUnderTheNewKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Samtidigby");
        var her = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwsamtidig", statistics: false, decline: false);
        var user = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Koordinator Før Endring");
        var versionBefore = await VersionAsync(app, her.Id);

        // The edits a coordinator makes at that very moment, through ordinary tracked saves on another unit of work.
        var edited = new HashSet<Type>();
        async Task EditMeanwhile(Type type, Guid id, CancellationToken token)
        {
            // Once per record, at the first of its values the rotation is about to write.
            if ((id != her.Id && id != user.Id) || !edited.Add(type))
            {
                return;
            }

            await using var scope = app.Services.CreateSystemScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (type == typeof(Web.Domain.Participants.Participant))
            {
                (await db.Participants.IgnoreQueryFilters().SingleAsync(p => p.Id == id, token)).Name = "Endret Navn Underveis";
            }
            else
            {
                (await db.Users.SingleAsync(u => u.Id == id, token)).DisplayName = "Koordinator Etter Endring";
            }

            await db.SaveChangesAsync(token);
        }

        var result = await FieldKeyRotation.RotateAsync(app.Services, r => r.BeforeWrite = EditMeanwhile, ct);

        Assert.Contains(typeof(Web.Domain.Participants.Participant), edited);
        Assert.Contains(typeof(AppUser), edited);
        await using var check = app.Services.CreateSystemScope();
        var read = check.ServiceProvider.GetRequiredService<AppDbContext>();
        var participant = await read.Participants.IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == her.Id, ct);
        Assert.Equal("Endret Navn Underveis", participant.Name);
        Assert.Equal(versionBefore + 1, participant.Version);
        Assert.Equal(her.Phone, participant.Contact.Phone);
        Assert.Equal("Koordinator Etter Endring", (await read.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id, ct)).DisplayName);
        Assert.All(await RawValuesAsync(app, her.Id, user.Id), raw => Assert.Equal(result.NewKeyId, FieldCipher.KeyIdOf(raw)));
        Assert.Null(app.Services.GetRequiredService<FieldKeyRing>().RotationInProgress);
    }

    [Fact]
    public async Task ARotationStoppedMidway_IsResumedWithTheKeyItStarted_AndEveryValueReads()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Avbruttby");
        var planted = new List<PlantedParticipant>();
        for (var i = 0; i < 3; i++)
        {
            planted.Add(await PlantedParticipants.PlantAsync(app, association, centre, $"Qxwavbrutt{i}", statistics: false, decline: false));
        }

        var keys = app.Services.GetRequiredService<FieldKeyRing>();
        var keysBefore = keys.KeyIds.ToList();

        // Killed after a few values: the token is cancelled from inside the rotation, between a read and its write.
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var written = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FieldKeyRotation.RotateAsync(app.Services, r => r.BeforeWrite = (_, _, _) =>
        {
            if (++written == 4)
            {
                kill.Cancel();
            }

            return Task.CompletedTask;
        }, kill.Token));
        var started = keys.CurrentKeyId;
        Assert.Equal(started, keys.RotationInProgress);
        var mixed = await AllRawValuesAsync(app, planted);
        Assert.Contains(mixed, raw => FieldCipher.KeyIdOf(raw) == started);
        Assert.Contains(mixed, raw => FieldCipher.KeyIdOf(raw) != started);

        var resumed = await FieldKeyRotation.RotateAsync(app.Services, ct);

        Assert.True(resumed.Resumed, "The second run did not resume the rotation in progress.");
        Assert.Equal(started, resumed.NewKeyId);
        Assert.Equal(keysBefore.Append(started), keys.KeyIds);
        Assert.Null(keys.RotationInProgress);
        Assert.All(await AllRawValuesAsync(app, planted), raw => Assert.Equal(started, FieldCipher.KeyIdOf(raw)));
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var her in planted)
        {
            var participant = await db.Participants.IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == her.Id, ct);
            Assert.Equal((her.Name, her.Phone), (participant.Name, participant.Contact.Phone));
        }


        // A rotation after a finished one adds a key again.
        var next = await FieldKeyRotation.RotateAsync(app.Services, ct);
        Assert.False(next.Resumed);
        Assert.NotEqual(started, next.NewKeyId);
    }

    private static async Task<long> VersionAsync(TestApp app, Guid participantId)
    {
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Participants.IgnoreQueryFilters().Where(p => p.Id == participantId).Select(p => p.Version).SingleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Her stored name and contact, and the user's stored name, as they are in the table.</summary>
    private static async Task<List<string?>> RawValuesAsync(TestApp app, Guid participantId, Guid userId)
    {
        await using var scope = app.Services.CreateSystemScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var participant = await db.Participants.IgnoreQueryFilters().Where(p => p.Id == participantId)
            .Select(p => new { p.Name, p.ContactData }).SingleAsync(TestContext.Current.CancellationToken);
        var user = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync(TestContext.Current.CancellationToken);
        return [participant.Name, participant.ContactData, user];
    }

    private static async Task<List<string>> AllRawValuesAsync(TestApp app, IEnumerable<PlantedParticipant> planted)
    {
        var values = new List<string>();
        foreach (var her in planted)
        {
            values.AddRange(await PlantedParticipants.CiphertextsAsync(app, her.Id));
        }

        return values;
    }
}
