using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.IntegrationTests.Infrastructure;

/// <summary>A user made for a test, with what is needed to log in as her.</summary>
public sealed record TestUser(Guid Id, string Email, string Password, string? TotpKey, string Role);

public static class TestUsers
{
    public const string Password = "Lang-test-setning-med-ord-42";

    /// <summary>
    /// Creates a user directly (as an accepted invitation would leave her): password, and TOTP for staff roles (or as
    /// <paramref name="secondFactor"/> says, e.g. a volunteer who turned the code on).
    /// </summary>
    public static async Task<TestUser> CreateUserAsync(
        this TestApp app, string role, Guid[]? associations = null, Guid? crisisCentre = null, string? name = null, string? email = null, bool? secondFactor = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.invalid";
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name ?? $"Testbruker {role}",
            Role = role,
            CrisisCentreId = crisisCentre,
            Associations = (associations ?? []).Select(a => new CoordinatorAssociation { AssociationId = a }).ToList(),
        };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        string? key = null;
        if (secondFactor ?? Roles.RequiresMfa(role))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        return new TestUser(user.Id, email, Password, key, role);
    }

    /// <summary>An association and a crisis centre working with it.</summary>
    public static async Task<(Guid Association, Guid CrisisCentre)> CreateOrganisationAsync(this TestApp app, string name, string municipality = "0301", string county = "03")
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var association = new LocalAssociation { Name = $"{name} sanitetsforening", CountyCode = county, Municipalities = [new() { MunicipalityCode = municipality }] };
        var centre = new CrisisCentre { Name = $"{name} krisesenter", MunicipalityCode = municipality, Associations = [new() { AssociationId = association.Id }] };
        db.Associations.Add(association);
        db.CrisisCentres.Add(centre);
        await db.SaveChangesAsync();
        return (association.Id, centre.Id);
    }

    /// <summary>The current TOTP code for a key, at the app's fake time.</summary>
    public static string Code(this TestApp app, string key)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(app.Clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Logs in through the real pages (password, then the one-time code) and returns the last response.
    /// The clock moves on 30 seconds first, so every login gets a fresh, unused code.
    /// </summary>
    public static async Task<HttpResponseMessage> LoginAsync(this TestApp app, HttpClient client, TestUser user, string returnUrl = "/")
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(user);
        var loginUrl = "/logg-inn?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var response = await client.PostFormAsync(loginUrl, [new("Input.Email", user.Email), new("Input.Password", user.Password), new("ReturnUrl", returnUrl)]);
        if (user.TotpKey is null || response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.StartsWith("/logg-inn/kode", StringComparison.Ordinal) != true)
        {
            return response;
        }

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var codeUrl = response.Headers.Location.OriginalString;
        return await client.PostFormAsync(codeUrl, [new("Input.Code", app.Code(user.TotpKey)), new("ReturnUrl", returnUrl)]);
    }

    /// <summary>A client already logged in as the user.</summary>
    public static async Task<HttpClient> LoggedInClientAsync(this TestApp app, TestUser user)
    {
        ArgumentNullException.ThrowIfNull(app);
        var client = app.Client();
        var response = await app.LoginAsync(client, user);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.StartsWith("/logg-inn", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"Login as {user.Role} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }

        return client;
    }
}
