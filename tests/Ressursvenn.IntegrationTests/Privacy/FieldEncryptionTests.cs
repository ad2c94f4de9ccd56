using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Features.Participants;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Privacy;

/// <summary>
/// SR16 (ADR 0008): users' names, phone numbers and e-mail addresses, and every red value about a participant, are encrypted field
/// by field. Planted values never reach the database files or a dump in plaintext, the pages show them decrypted, a
/// value copied to another row or column fails to decrypt, and values written before <c>rotate-keys</c> still read
/// after it (participants' at-rest and copy checks are in <see cref="ErasureTests"/>).
/// </summary>
public sealed class FieldEncryptionTests
{
    private const string PlantedName = "Plantet Kryptonavn Zqv";
    private const string PlantedPhone = "+47 400 12 345";
    private const string PlantedEmail = "plantet.kryptoepost.zqv@test.invalid";

    [Fact]
    public async Task PlantedNamePhoneAndEmail_AreNotInTheDatabaseAtRest_ButThePagesShowThemDecrypted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Kryptoby");
        var planted = await app.CreateUserAsync(Roles.Coordinator, [association], name: PlantedName, email: PlantedEmail);
        await SetPhoneAsync(app, planted, PlantedPhone);
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);

        // The data layer reads them back decrypted.
        var stored = await LoadAsync(app, planted);
        Assert.Equal((PlantedName, PlantedPhone, PlantedEmail), (stored.DisplayName, stored.PhoneNumber, stored.Email));

        // The pages show the name in plaintext, and no page shows ciphertext (a projection of an encrypted property would).
        using var client = await app.LoggedInClientAsync(admin);
        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var url in new[] { "/", "/admin/brukere", $"/admin/bruker/{planted.Id}", "/admin/brukere?rolle=Coordinator", "/admin/foreninger", "/admin/krisesentre", "/konto", "/revisjon" })
        {
            pages[url] = await client.GetStringAsync(new Uri(url, UriKind.Relative), ct);
        }

        using (var own = await app.LoggedInClientAsync(planted))
        {
            pages["/ (as the planted user)"] = await own.GetStringAsync(new Uri("/", UriKind.Relative), ct);
            pages["/konto (as the planted user)"] = await own.GetStringAsync(new Uri("/konto", UriKind.Relative), ct);
        }

        foreach (var (url, body) in pages)
        {
            Assert.False(body.Contains(FieldCipher.Prefix, StringComparison.Ordinal), $"{url} shows an encrypted value.");
        }

        foreach (var url in new[] { "/admin/brukere", $"/admin/bruker/{planted.Id}", "/admin/brukere?rolle=Coordinator", "/ (as the planted user)", "/konto (as the planted user)" })
        {
            Assert.True(pages[url].Contains(PlantedName, StringComparison.Ordinal), $"{url} does not show the decrypted name.");
        }

        foreach (var url in new[] { "/admin/brukere", $"/admin/bruker/{planted.Id}", "/konto (as the planted user)" })
        {
            Assert.True(pages[url].Contains(PlantedEmail, StringComparison.Ordinal), $"{url} does not show the decrypted e-mail address.");
        }

        // At rest: ciphertext only, in the SQLite file and its WAL (before and after a checkpoint), or in a pg_dump.
        var raw = await RawAsync(app, planted);
        Assert.StartsWith("ev1.", raw.Name, StringComparison.Ordinal);
        Assert.StartsWith("ev1.", raw.Phone, StringComparison.Ordinal);
        Assert.StartsWith("ev1.", raw.Email, StringComparison.Ordinal);
        if (TestDatabase.IsPostgres)
        {
            var dump = await AtRest.PgDumpAsync(app.Database, ct);
            Assert.Contains(raw.Name!, Encoding.UTF8.GetString(dump), StringComparison.Ordinal);
            AssertAbsent(dump, "pg_dump");
        }
        else
        {
            var file = Path.Combine(app.Database.DataFolder, "ressursvenn.db");
            AssertAbsent(AtRest.ReadShared(file), "the SQLite file");
            AssertAbsent(AtRest.ReadShared(file + "-wal"), "the SQLite WAL");
            await AtRest.CheckpointAsync(file, ct);
            var checkpointed = AtRest.ReadShared(file);
            Assert.Contains(raw.Name!, Encoding.UTF8.GetString(checkpointed), StringComparison.Ordinal);
            AssertAbsent(checkpointed, "the SQLite file after a checkpoint");
            AssertAbsent(AtRest.ReadShared(file + "-wal"), "the SQLite WAL after a checkpoint");
        }
    }

    [Fact]
    public async Task CiphertextCopiedToAnotherRowOrColumn_FailsToDecrypt_AndIsNeverShown()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Kopiby");
        var source = await app.CreateUserAsync(Roles.Coordinator, [association], name: PlantedName);
        await SetPhoneAsync(app, source, PlantedPhone);
        var target = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Mottaker Kopinavn");
        var other = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Annen Kolonnenavn");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);

        // Rows are found by id: the e-mail address is encrypted too (a WHERE on it would match nothing).
        var sourceRaw = await RawAsync(app, source);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // Another row: the source's name into the target's row.
            await db.Database.ExecuteSqlAsync(
                $"UPDATE \"AspNetUsers\" SET \"DisplayName\" = {sourceRaw.Name} WHERE \"Id\" = {target.Id}", ct);
            // Another column of the same row: the other user's phone number into her own name.
            await db.Database.ExecuteSqlAsync(
                $"UPDATE \"AspNetUsers\" SET \"PhoneNumber\" = {sourceRaw.Phone} WHERE \"Id\" = {other.Id}", ct);
            await db.Database.ExecuteSqlAsync(
                $"UPDATE \"AspNetUsers\" SET \"DisplayName\" = \"PhoneNumber\" WHERE \"Id\" = {other.Id}", ct);
        }

        Assert.Equal(await RawAsync(app, source) is var s ? s.Name : null, (await RawAsync(app, target)).Name);
        var row = await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(app, target));
        Assert.Contains($"AppUser.DisplayName:{target.Id:D}", row.Message, StringComparison.Ordinal);
        var column = await Assert.ThrowsAsync<FieldDecryptionException>(() => LoadAsync(app, other));
        Assert.Contains($"AppUser.DisplayName:{other.Id:D}", column.Message, StringComparison.Ordinal);

        // The source row itself is untouched and still reads.
        Assert.Equal(PlantedName, (await LoadAsync(app, source)).DisplayName);

        // A page that needs the damaged row fails plainly: an error, never the copied name, ciphertext or an empty name.
        using var client = await app.LoggedInClientAsync(admin);
        foreach (var url in new[] { $"/admin/bruker/{target.Id}", "/admin/brukere" })
        {
            var response = await client.GetAsync(new Uri(url, UriKind.Relative), ct);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.DoesNotContain(PlantedName, body, StringComparison.Ordinal);
            Assert.DoesNotContain(FieldCipher.Prefix, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ValuesWrittenBeforeRotateKeys_StillReadAfterIt_AndAreStoredUnderTheNewKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Rotasjonsby");
        var planted = await app.CreateUserAsync(Roles.Coordinator, [association], name: PlantedName);
        await SetPhoneAsync(app, planted, PlantedPhone);
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var keys = app.Services.GetRequiredService<FieldKeyRing>();
        var before = await RawAsync(app, planted);
        Assert.Equal((keys.CurrentKeyId, keys.CurrentKeyId), (FieldCipher.KeyIdOf(before.Name), FieldCipher.KeyIdOf(before.Phone)));
        var oldKey = keys.CurrentKeyId;

        var result = await FieldKeyRotation.RotateAsync(app.Services, ct);

        Assert.NotEqual(oldKey, result.NewKeyId);
        Assert.Equal(result.NewKeyId, keys.CurrentKeyId);
        Assert.Contains(oldKey, keys.KeyIds);
        Assert.True(result.Rewritten >= 3, $"Only {result.Rewritten} values were re-encrypted.");
        var after = await RawAsync(app, planted);
        Assert.Equal((result.NewKeyId, result.NewKeyId), (FieldCipher.KeyIdOf(after.Name), FieldCipher.KeyIdOf(after.Phone)));
        Assert.NotEqual(before.Name, after.Name);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var stillOld = await db.Users.Select(u => new { u.DisplayName, u.PhoneNumber, u.Email, u.UserName }).ToListAsync(ct);
            Assert.DoesNotContain(stillOld, u => FieldCipher.KeyIdOf(u.DisplayName) != result.NewKeyId || (u.PhoneNumber is not null && FieldCipher.KeyIdOf(u.PhoneNumber) != result.NewKeyId)
                || FieldCipher.KeyIdOf(u.Email) != result.NewKeyId || FieldCipher.KeyIdOf(u.UserName) != result.NewKeyId);
        }

        var stored = await LoadAsync(app, planted);
        Assert.Equal((PlantedName, PlantedPhone, planted.Email), (stored.DisplayName, stored.PhoneNumber, stored.Email));
        using var client = await app.LoggedInClientAsync(admin);
        Assert.Contains(PlantedName, await client.GetStringAsync(new Uri($"/admin/bruker/{planted.Id}", UriKind.Relative), ct), StringComparison.Ordinal);

        // A value kept from before the rotation (e.g. in a restored backup) still reads with the old key.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlAsync($"UPDATE \"AspNetUsers\" SET \"DisplayName\" = {before.Name} WHERE \"Id\" = {planted.Id}", ct);
        }

        Assert.Equal(PlantedName, (await LoadAsync(app, planted)).DisplayName);

        // Rotating again moves that value on as well.
        var again = await FieldKeyRotation.RotateAsync(app.Services, ct);
        Assert.Equal(again.NewKeyId, FieldCipher.KeyIdOf((await RawAsync(app, planted)).Name));
        Assert.Equal(PlantedName, (await LoadAsync(app, planted)).DisplayName);
    }

    [Fact]
    public async Task ParticipantValuesWrittenBeforeRotateKeys_StillReadAfterIt_AndAreErasedWithAllTheirVersions()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, centre) = await app.CreateOrganisationAsync("Nøkkelbytte");
        var her = await PlantedParticipants.PlantAsync(app, association, centre, "Qxwrotation", statistics: true);
        var keys = app.Services.GetRequiredService<FieldKeyRing>();
        var oldKey = keys.CurrentKeyId;
        var before = await PlantedParticipants.CiphertextsAsync(app, her.Id);
        Assert.All(before, c => Assert.Equal(oldKey, FieldCipher.KeyIdOf(c)));

        var result = await FieldKeyRotation.RotateAsync(app.Services, ct);

        // Every encrypted place of hers (record, documents, note, break-glass reason) is under the new key, and reads.
        Assert.True(result.Rewritten >= before.Count, $"Only {result.Rewritten} values were re-encrypted.");
        var after = await PlantedParticipants.CiphertextsAsync(app, her.Id);
        Assert.All(after, c => Assert.Equal(result.NewKeyId, FieldCipher.KeyIdOf(c)));
        Assert.All(before.Zip(after), pair => Assert.NotEqual(pair.First, pair.Second));
        await AssertParticipantReadsAsync(app, her);

        // A value kept from before the rotation (e.g. in a restored backup) still reads with the old key.
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.Participants.Where(p => p.Id == her.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.ContactData, before[2]), ct);
        }

        Assert.Equal(oldKey, FieldCipher.KeyIdOf((await PlantedParticipants.CiphertextsAsync(app, her.Id))[2]));
        await AssertParticipantReadsAsync(app, her);

        // After the retention period none of her values is left at rest, under either key.
        app.Clock.Advance(TimeSpan.FromDays(400));
        Assert.Equal(1, await ActivatorUtilities.CreateInstance<RetentionJob>(app.Services).RunOnceAsync(ct));
        foreach (var (where, bytes) in await AtRest.SnapshotsAsync(app.Database, beforeCheckpointToo: false, ct))
        {
            AtRest.AssertAbsent(bytes, where, her.Plaintexts, [.. before, .. after]);
        }
    }

    [Fact]
    public async Task TrackedEntity_StaysPlaintextAndUnchangedAfterSave_AndOnlyChangedFieldsAreRewritten()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var planted = await app.CreateUserAsync(Roles.NationalAdmin, name: PlantedName);
        await SetPhoneAsync(app, planted, PlantedPhone);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.SingleAsync(u => u.Id == planted.Id, ct);
        Assert.Equal(PlantedName, user.DisplayName);
        Assert.Equal(EntityState.Unchanged, db.Entry(user).State);
        db.ChangeTracker.DetectChanges();
        Assert.False(db.ChangeTracker.HasChanges(), "A freshly loaded entity looks changed.");

        var before = await RawAsync(app, planted);
        user.PhoneNumber = "+47 900 00 000";
        await db.SaveChangesAsync(ct);

        Assert.Equal(("+47 900 00 000", PlantedName), (user.PhoneNumber, user.DisplayName));
        Assert.Equal(EntityState.Unchanged, db.Entry(user).State);
        Assert.Equal("+47 900 00 000", db.Entry(user).Property(u => u.PhoneNumber).OriginalValue);
        var after = await RawAsync(app, planted);
        Assert.Equal(before.Name, after.Name);
        Assert.NotEqual(before.Phone, after.Phone);
        Assert.StartsWith(FieldCipher.Prefix, after.Phone, StringComparison.Ordinal);

        // Null stays null.
        user.PhoneNumber = null;
        await db.SaveChangesAsync(ct);
        Assert.Null((await RawAsync(app, planted)).Phone);
        Assert.Null((await LoadAsync(app, planted)).PhoneNumber);
    }

    private static async Task AssertParticipantReadsAsync(TestApp app, PlantedParticipant her)
    {
        var stored = await PlantedParticipants.LoadAsync(app, her.Id);
        Assert.NotNull(stored);
        Assert.Equal((her.Name, her.Phone, her.Plaintexts[3], her.Plaintexts[4]), (stored.Name, stored.Contact.Phone, stored.Contact.CodeWord, stored.SafetyMarker));
        Assert.Equal((her.Plaintexts[5], her.Plaintexts[6]), (stored.Risk.NetworksToAvoid, stored.Intake?.Summary));
        Assert.Equal(her.Plaintexts[7], Assert.Single(stored.Notes).Text);
        await using var scope = app.Services.CreateSystemScope();
        var access = await scope.ServiceProvider.GetRequiredService<AppDbContext>().BreakGlassAccesses.AsNoTracking()
            .SingleAsync(b => b.ParticipantId == her.Id, TestContext.Current.CancellationToken);
        Assert.Equal(her.Plaintexts[8], access.Reason);
    }

    private static async Task SetPhoneAsync(TestApp app, TestUser user, string phone)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var entity = await users.FindByIdAsync(user.Id.ToString()) ?? throw new InvalidOperationException("No such user.");
        var result = await users.SetPhoneNumberAsync(entity, phone);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    private static async Task<AppUser> LoadAsync(TestApp app, TestUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id);
    }

    /// <summary>The stored values as the database holds them (a projection is not decrypted).</summary>
    private static async Task<(string? Name, string? Phone, string? Email)> RawAsync(TestApp app, TestUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Users.Where(u => u.Id == user.Id).Select(u => new { u.DisplayName, u.PhoneNumber, u.Email }).SingleAsync();
        return (row.DisplayName, row.PhoneNumber, row.Email);
    }

    private static void AssertAbsent(byte[] haystack, string where)
    {
        foreach (var planted in new[] { PlantedName, "Kryptonavn", PlantedPhone, "400 12 345", PlantedEmail, PlantedEmail.ToUpperInvariant(), "kryptoepost", "KRYPTOEPOST" })
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                Assert.False(haystack.AsSpan().IndexOf(encoding.GetBytes(planted)) >= 0, $"'{planted}' ({encoding.WebName}) is in {where}.");
            }
        }
    }
}
