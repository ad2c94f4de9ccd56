using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// Identity's lookup normalizer, replaced by a keyed blind index (ADR 0008): the e-mail address and user name are
/// encrypted like any other contact detail, so <c>NormalizedEmail</c>/<c>NormalizedUserName</c> hold
/// <c>bi1.{base64url(HMAC-SHA256(index key, trimmed, NFC, upper-invariant value))}</c> instead of the upper-cased
/// address. Identity's <c>FindByEmailAsync</c>/<c>FindByNameAsync</c>, its duplicate checks and the unique index go on
/// working unchanged (case-insensitive, surrounding spaces ignored); the column reveals only which rows hold the same
/// address, never the address. The index key (<see cref="KeyFile"/> in the key folder) is not rotated by
/// <c>rotate-keys</c>: every index would have to be recomputed, and an instance still holding the old key would
/// neither find anyone nor see duplicates.
/// </summary>
public sealed class BlindIndexLookupNormalizer : ILookupNormalizer
{
    /// <summary>The blind-index key, a 256-bit secret next to <c>field-keys.json</c>; backed up with the key folder.</summary>
    public const string KeyFile = "blind-index.key";

    /// <summary>The format marker of an index value; a normalized value without it was written before the blind index.</summary>
    public const string Prefix = "bi1.";

    private readonly byte[] key;

    public BlindIndexLookupNormalizer(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new StartupException($"The blind-index key file '{KeyFile}' must hold at least 32 bytes.");
        }

        this.key = key.ToArray();
    }

    /// <summary>Loads the key of a key folder, creating it (owner-only) on first start.</summary>
    public static BlindIndexLookupNormalizer LoadOrCreate(string folder) =>
        new(Security.KeyRing.LoadOrCreateSecret(folder, KeyFile));

    /// <summary>True when a stored normalized value is a blind index (and not a legacy upper-cased address).</summary>
    public static bool IsIndex(string? stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string? NormalizeName(string? name) => Index(name);

    public string? NormalizeEmail(string? email) => Index(email);

    private string? Index(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var canonical = value.Trim().Normalize(NormalizationForm.FormC).ToUpperInvariant();
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(canonical));
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Base64Url.EncodeToString(mac)}");
    }
}
