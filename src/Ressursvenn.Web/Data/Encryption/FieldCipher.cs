using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// AES-256-GCM for one field value (SR16): a 12-byte random nonce, a 16-byte tag, and associated data that names the
/// record and field. Stored as <c>ev1.{keyId}.{base64url(nonce | ciphertext | tag)}</c>.
/// </summary>
public sealed class FieldCipher(FieldKeyRing keys)
{
    public const string Prefix = "ev1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public string Encrypt(string plaintext, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(associatedData);
        var (keyId, key) = keys.Current();
        var input = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + input.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, input, output.AsSpan(NonceSize, input.Length), output.AsSpan(NonceSize + input.Length), Encoding.UTF8.GetBytes(associatedData));
        }

        return Prefix + keyId + "." + Base64Url.EncodeToString(output);
    }

    /// <summary>Decrypts a stored value; throws <see cref="FieldDecryptionException"/> for anything that does not authenticate.</summary>
    public string Decrypt(string stored, string associatedData)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(associatedData);
        var keyId = KeyIdOf(stored) ?? throw new FieldDecryptionException($"The value of {associatedData} is not an encrypted value.");
        var key = keys.Find(keyId) ?? throw new FieldDecryptionException($"The value of {associatedData} was encrypted with key '{keyId}', which the key file does not hold.");
        byte[] data;
        try
        {
            data = Base64Url.DecodeFromChars(stored.AsSpan(Prefix.Length + keyId.Length + 1));
        }
        catch (FormatException ex)
        {
            throw new FieldDecryptionException($"The encrypted value of {associatedData} is damaged.", ex);
        }

        if (data.Length < NonceSize + TagSize)
        {
            throw new FieldDecryptionException($"The encrypted value of {associatedData} is damaged.");
        }

        var length = data.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, length), data.AsSpan(NonceSize + length), plaintext, Encoding.UTF8.GetBytes(associatedData));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new FieldDecryptionException(
                $"The encrypted value of {associatedData} does not authenticate: it was changed, or copied from another record or field.", ex);
        }

        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>The key id of a stored value, or null when it is not in the <c>ev1</c> format.</summary>
    public static string? KeyIdOf(string? stored)
    {
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = stored.IndexOf('.', Prefix.Length);
        return end > Prefix.Length ? stored[Prefix.Length..end] : null;
    }
}
