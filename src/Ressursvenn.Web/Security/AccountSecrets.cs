using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Data.Encryption;

namespace Ressursvenn.Web.Security;

/// <summary>
/// How the secrets that open an account are kept in Identity's token table (SR17a, ADR 0006): every value (the
/// authenticator key, a key waiting to be confirmed, the recovery codes) is encrypted with the field cipher (ADR 0008),
/// bound to its user, provider and name, so a value copied to another user does not decrypt; recovery codes are, inside
/// that, only keyed hashes (HMAC-SHA256 with <see cref="KeyFile"/> from the key folder), so not even the key ring turns
/// them back into codes.
/// </summary>
public sealed class AccountSecrets
{
    /// <summary>The recovery-code hash key, a 256-bit secret in the key folder (owner-only, backed up with it).</summary>
    public const string KeyFile = "recovery-codes.key";

    /// <summary>Identity's own provider name for the authenticator key and the recovery codes.</summary>
    public const string IdentityProvider = "[AspNetUserStore]";

    public const string RecoveryCodesName = "RecoveryCodes";

    /// <summary>
    /// Bytes of the HMAC kept per code: 128 bits are far beyond guessing, and ten of them, sealed, stay within the
    /// token column's 400 characters (about 350).
    /// </summary>
    private const int HashBytes = 16;

    private readonly FieldCipher cipher;
    private readonly byte[] hashKey;

    public AccountSecrets(FieldCipher cipher, byte[] hashKey)
    {
        ArgumentNullException.ThrowIfNull(hashKey);
        if (hashKey.Length < 32)
        {
            throw new StartupException($"The recovery-code key file '{KeyFile}' must hold at least 32 bytes.");
        }

        this.cipher = cipher;
        this.hashKey = hashKey.ToArray();
    }

    public static AccountSecrets LoadOrCreate(string folder, FieldCipher cipher) => new(cipher, KeyRing.LoadOrCreateSecret(folder, KeyFile));

    /// <summary>True for the token that holds the recovery codes (stored as hashes).</summary>
    public static bool IsRecoveryCodes(string loginProvider, string name) =>
        loginProvider == IdentityProvider && name == RecoveryCodesName;

    /// <summary>Associated data binding a token value to its user, provider and name.</summary>
    public static string AssociatedData(Guid userId, string loginProvider, string name) =>
        string.Create(CultureInfo.InvariantCulture, $"AppUserToken.{loginProvider}.{name}:{userId:D}");

    public string Seal(Guid userId, string loginProvider, string name, string value) =>
        cipher.Encrypt(value, AssociatedData(userId, loginProvider, name));

    public string Open(Guid userId, string loginProvider, string name, string stored) =>
        cipher.Decrypt(stored, AssociatedData(userId, loginProvider, name));

    /// <summary>True when a stored token value is sealed (and not plaintext written before sealing existed).</summary>
    public static bool IsSealed(string? stored) => FieldCipher.KeyIdOf(stored) is not null;

    /// <summary>
    /// The keyed hash of one recovery code of a user: case and spaces do not matter, and the same code of another
    /// user hashes differently.
    /// </summary>
    public string HashRecoveryCode(Guid userId, string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var canonical = new string(code.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        var mac = HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{userId:D}:{canonical}")));
        return Base64Url.EncodeToString(mac.AsSpan(0, HashBytes));
    }

    /// <summary>The hashes of codes, joined as Identity joins its codes.</summary>
    public string HashAll(Guid userId, IEnumerable<string> codes) =>
        string.Join(';', codes.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => HashRecoveryCode(userId, c)));
}
