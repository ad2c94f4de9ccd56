using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.IntegrationTests.Privacy;

/// <summary>
/// SR16 (ADR 0008): users' e-mail addresses are encrypted at rest like their names; Identity finds users by a keyed
/// blind index in NormalizedEmail/NormalizedUserName. Login (any case, surrounding spaces), invitations, password reset
/// and uniqueness keep working, also after <c>rotate-keys</c> and for a database written before the index existed.
/// </summary>
public sealed class UserEmailEncryptionTests
{
    private const string PlantedEmail = "Plantet.Epostkrypto.Zqv@Test.Invalid";
    private const string PlantedName = "Plantet Epostbruker";

    [Fact]
    public async Task PlantedEmail_IsEncryptedAtRest_AndLoginResetUniquenessAndTheAdminListWork_AlsoAfterRotateKeys()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Epostby");
        var planted = await app.CreateUserAsync(Roles.Coordinator, [association], name: PlantedName, email: PlantedEmail);
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var normalizer = app.Services.GetRequiredService<ILookupNormalizer>();
        Assert.IsType<BlindIndexLookupNormalizer>(normalizer);

        // The columns hold ciphertext and a blind index, never the address in any case.
        var raw = await RawAsync(app, planted.Id);
        Assert.StartsWith(FieldCipher.Prefix, raw.Email, StringComparison.Ordinal);
        Assert.StartsWith(FieldCipher.Prefix, raw.UserName, StringComparison.Ordinal);
        Assert.Equal(normalizer.NormalizeEmail(PlantedEmail), raw.NormalizedEmail);
        Assert.Equal(normalizer.NormalizeName(PlantedEmail), raw.NormalizedUserName);
        Assert.StartsWith(BlindIndexLookupNormalizer.Prefix, raw.NormalizedEmail, StringComparison.Ordinal);
        foreach (var column in new[] { raw.Email, raw.UserName, raw.NormalizedEmail, raw.NormalizedUserName })
        {
            Assert.DoesNotContain("Epostkrypto", column, StringComparison.OrdinalIgnoreCase);
        }

        // The data layer gives it back decrypted, in the case it was typed.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var loaded = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == planted.Id, ct);
            Assert.Equal((PlantedEmail, PlantedEmail), (loaded.Email, loaded.UserName));
        }

        // At rest: not in the SQLite file or WAL (before and after a checkpoint), nor in a pg_dump.
        foreach (var (where, bytes) in await AtRest.SnapshotsAsync(app.Database, beforeCheckpointToo: true, ct))
        {
            AtRest.AssertAbsent(bytes, where, Plaintexts(PlantedEmail), []);
        }

        var lastSnapshot = (await AtRest.SnapshotsAsync(app.Database, beforeCheckpointToo: false, ct))[0].Bytes;
        Assert.True(AtRest.Contains(lastSnapshot, raw.NormalizedEmail!), "Positive control: the blind index is not in the snapshot.");

        await AssertEverythingWorksAsync(app, planted, admin, ct);

        // rotate-keys: the address moves to the new key; the blind index (its own key) stays, so every lookup still works.
        var rotation = await FieldKeyRotation.RotateAsync(app.Services, ct);
        var rotated = await RawAsync(app, planted.Id);
        Assert.Equal((rotation.NewKeyId, rotation.NewKeyId), (FieldCipher.KeyIdOf(rotated.Email), FieldCipher.KeyIdOf(rotated.UserName)));
        Assert.NotEqual(raw.Email, rotated.Email);
        Assert.Equal((raw.NormalizedEmail, raw.NormalizedUserName), (rotated.NormalizedEmail, rotated.NormalizedUserName));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var all = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Select(u => new { u.Email, u.UserName }).ToListAsync(ct);
            Assert.All(all, u => Assert.Equal((rotation.NewKeyId, rotation.NewKeyId), (FieldCipher.KeyIdOf(u.Email), FieldCipher.KeyIdOf(u.UserName))));
        }

        await AssertEverythingWorksAsync(app, planted, admin, ct);
    }

    [Fact]
    public async Task AddressesStoredBeforeTheBlindIndex_AreEncryptedAndIndexedAtStartUp_SoTheUserLogsInAndStaysUnique()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Gammelepost");
        var legacy = await app.CreateUserAsync(Roles.Coordinator, [association], name: PlantedName, email: PlantedEmail);
        var other = await app.CreateUserAsync(Roles.Volunteer);
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        string? nameBefore;

        // The database as the previous version left it: the schema before UserEmailEncryption, the addresses in plaintext
        // and Identity's upper-cased normalized values.
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            var index = migrations.FindIndex(m => m.EndsWith("_UserEmailEncryption", StringComparison.Ordinal));
            Assert.True(index > 0, "No UserEmailEncryption migration.");
            await db.GetService<IMigrator>().MigrateAsync(migrations[index - 1], ct);
            foreach (var user in new[] { legacy, other, admin })
            {
                var id = user.Id;
                var address = user.Email;
                await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(
                    s => s.SetProperty(u => u.Email, address).SetProperty(u => u.UserName, address)
                        .SetProperty(u => u.NormalizedEmail, address.ToUpperInvariant()).SetProperty(u => u.NormalizedUserName, address.ToUpperInvariant()),
                    ct);
            }

            nameBefore = await db.Users.Where(u => u.Id == legacy.Id).Select(u => u.DisplayName).SingleAsync(ct);
            Assert.Contains(migrations[index], await db.Database.GetPendingMigrationsAsync(ct));
        }

        Assert.Equal(PlantedEmail, (await RawAsync(app, legacy.Id)).Email);

        await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true, ct);

        var normalizer = app.Services.GetRequiredService<ILookupNormalizer>();
        foreach (var user in new[] { legacy, other, admin })
        {
            var raw = await RawAsync(app, user.Id);
            Assert.StartsWith(FieldCipher.Prefix, raw.Email, StringComparison.Ordinal);
            Assert.StartsWith(FieldCipher.Prefix, raw.UserName, StringComparison.Ordinal);
            Assert.Equal((normalizer.NormalizeEmail(user.Email), normalizer.NormalizeName(user.Email)), (raw.NormalizedEmail, raw.NormalizedUserName));
        }

        // Only the address columns were touched: the name keeps its ciphertext.
        Assert.Equal(nameBefore, (await RawAsync(app, legacy.Id)).DisplayName);
        await AssertEverythingWorksAsync(app, legacy, admin, ct);

        // A second start has nothing left to do.
        await using (var scope = app.Services.CreateSystemScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<BlindIndexBackfill>().RunAsync(ct));
        }
    }

    /// <summary>Login in any case with spaces around, one account per address, password reset, and the admin list.</summary>
    private static async Task AssertEverythingWorksAsync(TestApp app, TestUser planted, TestUser admin, CancellationToken ct)
    {
        foreach (var typed in new[] { planted.Email, planted.Email.ToLowerInvariant(), "  " + planted.Email.ToUpperInvariant() + " " })
        {
            using var client = app.Client();
            var response = await app.LoginAsync(client, planted with { Email = typed });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Location());
            Assert.Equal(HttpStatusCode.OK, (await client.GetUrlAsync("/konto")).StatusCode);
        }

        using var adminClient = await app.LoggedInClientAsync(admin);

        // The same address in another case is refused: by the invitation form, by Identity, and by the unique index.
        var mails = app.Mail.Messages.Count;
        var invite = await adminClient.PostFormAsync("/admin/brukere/inviter",
            [new("Input.Name", "Duplikat Dorte"), new("Input.Email", " " + planted.Email.ToLowerInvariant()), new("Input.Role", Roles.NationalAdmin)]);
        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        Assert.NotEmpty(Html.ErrorMessages(await Html.ParseAsync(invite)));
        Assert.Equal(mails, app.Mail.Messages.Count);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var upper = planted.Email.ToUpperInvariant();
            var created = await users.CreateAsync(new AppUser { UserName = upper, Email = upper, DisplayName = "Duplikat", Role = Roles.Volunteer });
            Assert.False(created.Succeeded);
            Assert.Contains(created.Errors, e => e.Code is "DuplicateUserName" or "DuplicateEmail");

            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Users.Add(new AppUser
            {
                UserName = upper,
                Email = upper,
                NormalizedUserName = users.NormalizeName(upper),
                NormalizedEmail = users.NormalizeEmail(upper),
                DisplayName = "Duplikat",
                Role = Roles.Volunteer,
            });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
            Assert.Equal(planted.Id, (await users.FindByEmailAsync(" " + planted.Email.ToLowerInvariant()))?.Id);
            Assert.Equal(planted.Id, (await users.FindByNameAsync(upper))?.Id);
        }

        // Forgot password finds her by the address in another case and mails the address as she gave it.
        using (var anonymous = app.Client())
        {
            var before = app.Mail.Messages.Count(m => m.To == planted.Email);
            var forgot = await anonymous.PostFormAsync("/glemt-passord", [new("Input.Email", planted.Email.ToUpperInvariant() + " ")]);
            Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
            Assert.Equal(before + 1, app.Mail.Messages.Count(m => m.To == planted.Email));
            Assert.StartsWith("/nytt-passord?token=", app.Mail.LastLinkTo(planted.Email), StringComparison.Ordinal);
        }

        // The admin list and the account page show the decrypted address, never ciphertext or the index.
        var list = await adminClient.GetUrlAsync("/admin/brukere");
        var body = await list.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain(FieldCipher.Prefix, body, StringComparison.Ordinal);
        Assert.DoesNotContain(BlindIndexLookupNormalizer.Prefix, body, StringComparison.Ordinal);
        var row = (await Html.ParseAsync(list)).QuerySelectorAll("tbody tr").SingleOrDefault(r => r.TextContent.Contains(PlantedName, StringComparison.Ordinal));
        Assert.NotNull(row);
        Assert.Contains(planted.Email, row.TextContent, StringComparison.Ordinal);
        var detail = await adminClient.GetDocumentAsync($"/admin/bruker/{planted.Id}");
        Assert.Contains(planted.Email, detail.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminList_SortsByNameThenEmailIgnoringCase_InMemory()
    {
        await using var app = await TestApp.CreateAsync();
        var (association, _) = await app.CreateOrganisationAsync("Sorteringsby");
        var b = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Aase Sortering", email: "B-sortering@test.invalid");
        var a = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Aase Sortering", email: "a-sortering@test.invalid");
        var first = await app.CreateUserAsync(Roles.Coordinator, [association], name: "Aaa Forst", email: "z-forst@test.invalid");
        var admin = await app.CreateUserAsync(Roles.NationalAdmin, name: "Zz Admin");
        using var client = await app.LoggedInClientAsync(admin);

        var rows = (await client.GetDocumentAsync("/admin/brukere?rolle=Coordinator")).QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();

        Assert.Equal(3, rows.Count);
        Assert.Contains(first.Email, rows[0], StringComparison.Ordinal);
        Assert.Contains(a.Email, rows[1], StringComparison.Ordinal);
        Assert.Contains(b.Email, rows[2], StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.Contains(admin.Email, StringComparison.Ordinal));
    }

    private static string[] Plaintexts(string address) =>
        [address, address.ToLowerInvariant(), address.ToUpperInvariant(), "Epostkrypto", "EPOSTKRYPTO", "epostkrypto"];

    private sealed record Raw(string? Email, string? UserName, string? NormalizedEmail, string? NormalizedUserName, string? DisplayName);

    /// <summary>The stored values as the database holds them (a projection is not decrypted).</summary>
    private static async Task<Raw> RawAsync(TestApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Users.Where(u => u.Id == id)
            .Select(u => new Raw(u.Email, u.UserName, u.NormalizedEmail, u.NormalizedUserName, u.DisplayName))
            .SingleAsync(TestContext.Current.CancellationToken);
    }
}
