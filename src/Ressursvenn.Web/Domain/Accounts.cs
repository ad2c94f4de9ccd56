using Microsoft.AspNetCore.Identity;

namespace Ressursvenn.Web.Domain;

/// <summary>The roles of docs/domain.md §3. A user has exactly one.</summary>
public static class Roles
{
    public const string NationalAdmin = "NationalAdmin";
    public const string Coordinator = "Coordinator";
    public const string CrisisCentreStaff = "CrisisCentreStaff";
    public const string Volunteer = "Volunteer";
    public const string PrivacyOfficer = "PrivacyOfficer";

    public static readonly IReadOnlyList<string> All =
        [NationalAdmin, Coordinator, CrisisCentreStaff, Volunteer, PrivacyOfficer];

    /// <summary>Roles that must use a second factor (SR9).</summary>
    public static bool RequiresMfa(string? role) => role is not null and not Volunteer;

    public static bool IsStaff(string? role) => RequiresMfa(role);
}

public sealed class AppUser : IdentityUser<Guid>
{
    public AppUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    /// <summary>Personal data: encrypted at rest (SR16, ADR 0008), so never projected, filtered or sorted in a query.</summary>
    [Encrypted]
    public required string DisplayName { get; set; }

    /// <summary>Personal data: encrypted at rest like <see cref="DisplayName"/>.</summary>
    [Encrypted]
    public override string? PhoneNumber
    {
        get => base.PhoneNumber;
        set => base.PhoneNumber = value;
    }

    /// <summary>
    /// The e-mail address (contact data): encrypted at rest like <see cref="DisplayName"/>. Identity finds users by
    /// <c>NormalizedEmail</c>, which holds a keyed blind index of it (the data layer's lookup normalizer), never by this
    /// column: use <c>UserManager.FindByEmailAsync</c>, never a query on it.
    /// </summary>
    [Encrypted]
    public override string? Email
    {
        get => base.Email;
        set => base.Email = value;
    }

    /// <summary>The user name, which is the e-mail address: encrypted like <see cref="Email"/> (lookups use <c>NormalizedUserName</c>).</summary>
    [Encrypted]
    public override string? UserName
    {
        get => base.UserName;
        set => base.UserName = value;
    }

    /// <summary>The role, kept here as well as in Identity's role table so queries stay simple.</summary>
    public required string Role { get; set; }

    public bool Disabled { get; set; }

    /// <summary>The crisis centre of a crisis-centre staff member.</summary>
    public Guid? CrisisCentreId { get; set; }

    /// <summary>The last TOTP time step accepted, so a code can be used only once (SR9).</summary>
    public long LastTotpTimeStep { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<CoordinatorAssociation> Associations { get; set; } = [];
}

/// <summary>An association a coordinator works for.</summary>
public sealed class CoordinatorAssociation
{
    public Guid UserId { get; set; }

    public Guid AssociationId { get; set; }
}

public enum SessionEndReason
{
    None = 0,
    Logout = 1,
    PasswordChanged = 2,
    Disabled = 3,
    RoleChanged = 4,
    IdleTimeout = 5,
    AbsoluteTimeout = 6,
    QuickExit = 7,
    Administrative = 8,
}

/// <summary>
/// A server-side login session (SR11). The cookie only carries this id; a session that is ended here is
/// refused on the next request on every app instance, because the row lives in the shared database.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    public DateTime IdleExpiresAt { get; set; }

    public DateTime AbsoluteExpiresAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public SessionEndReason EndReason { get; set; }

    public bool IsOpen => EndedAt is null;
}

public enum TokenPurpose
{
    FirstAdminSetup = 1,
    Invitation = 2,
    PasswordReset = 3,
}

/// <summary>
/// A single-use, expiring link token (setup, invitation, password reset; SR12). Only a SHA-256 hash of the
/// token is stored, so a database leak does not hand out working links.
/// </summary>
public sealed class OneTimeToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public TokenPurpose Purpose { get; set; }

    public required string TokenHash { get; set; }

    public Guid? UserId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime? UsedAt { get; set; }

    public Guid? CreatedByUserId { get; set; }
}

/// <summary>
/// A form that was posted after its session had expired, kept encrypted (Data Protection) for a short time
/// and given back, filled in, once the same user has logged in again. Never in browser storage.
/// </summary>
public sealed class FormDraft
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public required string Path { get; set; }

    public required string ProtectedPayload { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }
}
