using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.IntegrationTests.Privacy;

/// <summary>
/// SR17a, SR9: authenticator keys are encrypted in Identity's token table and recovery codes kept only as keyed hashes,
/// so neither is in the SQLite file, its WAL or a pg_dump; a recovery code still works once, a TOTP code still only
/// once; values an earlier version stored in plaintext are sealed at start-up; rotate-keys moves them to the new key.
/// </summary>
public sealed class AccountSecretsAtRestTests
{
    [Fact]
    public async Task AuthenticatorKeyAndRecoveryCodes_AreNotReadableAtRest_AndStillWorkOnceEach()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var codes = await NewRecoveryCodesAsync(app, admin.Id);

        // Stored sealed: the key under the field cipher, the codes only as hashes (and those sealed too).
        var rows = await TokenRowsAsync(app, admin.Id);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.StartsWith(FieldCipher.Prefix, r.Value, StringComparison.Ordinal));

        foreach (var (where, bytes) in await AtRest.SnapshotsAsync(app.Database, beforeCheckpointToo: true, ct))
        {
            AtRest.AssertAbsent(bytes, where, [admin.TotpKey!, admin.TotpKey!.ToLowerInvariant(), .. codes, .. codes.Select(c => c.Replace("-", string.Empty, StringComparison.Ordinal))], []);
        }

        var lastSnapshot = (await AtRest.SnapshotsAsync(app.Database, beforeCheckpointToo: false, ct))[0].Bytes;
        Assert.True(AtRest.Contains(lastSnapshot, rows[0].Value!), "Positive control: the sealed token value is not in the snapshot.");

        // What is stored does not sign anyone in as a recovery code.
        using var thief = app.Client();
        foreach (var row in rows)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostRecoveryCodeAsync(thief, admin, row.Value![..Math.Min(40, row.Value!.Length)])).StatusCode);
        }

        Assert.True((await thief.GetUrlAsync("/konto")).IsRedirectToLogin());

        // A recovery code works once (case and spaces do not matter); the next one works too.
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await PostRecoveryCodeAsync(client, admin, " " + codes[0].ToLowerInvariant() + " ")).StatusCode);
        Assert.Contains("9 ubrukte", await (await client.GetUrlAsync("/konto")).Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        await client.PostFormAsync("/logg-ut", []);
        var again = await PostRecoveryCodeAsync(client, admin, codes[0]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await client.GetUrlAsync("/konto")).IsRedirectToLogin());
        Assert.Equal(HttpStatusCode.Redirect, (await PostRecoveryCodeAsync(client, admin, codes[1])).StatusCode);
        await client.PostFormAsync("/logg-ut", []);

        // A TOTP code from the sealed key works, and only once.
        await AssertTotpWorksOnceAsync(app, admin);
    }

    [Fact]
    public async Task PlaintextSecretsOfAnEarlierVersion_AreSealedAtStartUp_AndRotateKeysMovesThemToTheNewKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var admin = await app.CreateUserAsync(Roles.NationalAdmin);
        var volunteer = await app.CreateUserAsync(Roles.Volunteer);
        string[] legacyCodes = ["ABCDE-23456", "FGHJK-78923", "MNPQR-34567"];

        // The token table as the previous version wrote it: the key and the codes in plaintext.
        await using (var scope = app.Services.CreateSystemScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var id = admin.Id;
            var key = admin.TotpKey!;
            await db.UserTokens.Where(t => t.UserId == id && t.Name == "AuthenticatorKey").ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, key), ct);
            db.UserTokens.Add(new IdentityUserToken<Guid> { UserId = id, LoginProvider = AccountSecrets.IdentityProvider, Name = AccountSecrets.RecoveryCodesName, Value = string.Join(';', legacyCodes) });
            await db.SaveChangesAsync(ct);
        }

        Assert.Contains(await TokenRowsAsync(app, admin.Id), r => r.Value == admin.TotpKey);

        await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true, ct);

        var sealedRows = await TokenRowsAsync(app, admin.Id);
        Assert.Equal(2, sealedRows.Count);
        Assert.All(sealedRows, r => Assert.StartsWith(FieldCipher.Prefix, r.Value, StringComparison.Ordinal));
        foreach (var (where, bytes) in await AtRest.SnapshotsAsync(app.Database, beforeCheckpointToo: false, ct))
        {
            AtRest.AssertAbsent(bytes, where, [admin.TotpKey!, .. legacyCodes], []);
        }

        // A second start changes nothing.
        await StartupTasks.PrepareDatabaseAsync(app.Services, migrate: true, ct);
        Assert.Equal(sealedRows.Select(r => r.Value), (await TokenRowsAsync(app, admin.Id)).Select(r => r.Value));

        await AssertTotpWorksOnceAsync(app, admin);
        using (var client = app.Client())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await PostRecoveryCodeAsync(client, admin, legacyCodes[0])).StatusCode);
            await client.PostFormAsync("/logg-ut", []);
            Assert.Equal(HttpStatusCode.OK, (await PostRecoveryCodeAsync(client, admin, legacyCodes[0])).StatusCode);
        }

        // rotate-keys: every sealed value under the new key, and everything still works.
        var rotation = await FieldKeyRotation.RotateAsync(app.Services, ct);
        var rotated = await TokenRowsAsync(app, admin.Id);
        Assert.All(rotated, r => Assert.Equal(rotation.NewKeyId, FieldCipher.KeyIdOf(r.Value)));
        Assert.Empty(await TokenRowsAsync(app, volunteer.Id));
        await AssertTotpWorksOnceAsync(app, admin);
        using (var client = app.Client())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await PostRecoveryCodeAsync(client, admin, legacyCodes[1])).StatusCode);
        }
    }

    [Fact]
    public async Task ASealedKeyCopiedToAnotherUser_DoesNotOpen()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        var first = await app.CreateUserAsync(Roles.NationalAdmin);
        var second = await app.CreateUserAsync(Roles.NationalAdmin);
        var stolen = (await TokenRowsAsync(app, first.Id)).Single().Value;
        await using (var scope = app.Services.CreateSystemScope())
        {
            var id = second.Id;
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().UserTokens
                .Where(t => t.UserId == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, stolen), ct);
        }

        await using var check = app.Services.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(second.Id.ToString());
        await Assert.ThrowsAsync<FieldDecryptionException>(() => users.GetAuthenticatorKeyAsync(user!));
    }

    private static async Task<List<string>> NewRecoveryCodesAsync(TestApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId.ToString());
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user!, 10))!.ToList();
    }

    private static async Task<List<IdentityUserToken<Guid>>> TokenRowsAsync(TestApp app, Guid userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().UserTokens.AsNoTracking()
            .Where(t => t.UserId == userId).OrderBy(t => t.Name).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Logs in with a fresh code, logs out, and finds the same code refused a second time.</summary>
    private static async Task AssertTotpWorksOnceAsync(TestApp app, TestUser user)
    {
        using var client = app.Client();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = app.Code(user.TotpKey!);
        Assert.Equal(HttpStatusCode.Redirect, (await PostCodeAsync(client, user, code)).StatusCode);
        await client.PostFormAsync("/logg-ut", []);
        var replay = await PostCodeAsync(client, user, code);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains(Html.ErrorMessages(await Html.ParseAsync(replay)), m => m.Contains("allerede brukt", StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> PostCodeAsync(HttpClient client, TestUser user, string code)
    {
        var password = await client.PostFormAsync("/logg-inn", [new("Input.Email", user.Email), new("Input.Password", user.Password)]);
        Assert.StartsWith("/logg-inn/kode", password.Location(), StringComparison.Ordinal);
        return await client.PostFormAsync(password.Location(), [new("Input.Code", code)]);
    }

    private static async Task<HttpResponseMessage> PostRecoveryCodeAsync(HttpClient client, TestUser user, string code)
    {
        var password = await client.PostFormAsync("/logg-inn", [new("Input.Email", user.Email), new("Input.Password", user.Password)]);
        Assert.StartsWith("/logg-inn/kode", password.Location(), StringComparison.Ordinal);
        var url = "/logg-inn/kode?gjenoppretting=true";
        return await client.PostFormAsync(url, [new("Input.Code", code), new("gjenoppretting", "true")]);
    }
}
