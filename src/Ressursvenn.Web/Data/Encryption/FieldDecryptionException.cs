using System.Security.Cryptography;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// An encrypted value that cannot be read: it was tampered with, copied from another record or field, or made with
/// a key the key file no longer holds. The message names the field and record, never the value.
/// </summary>
public sealed class FieldDecryptionException : CryptographicException
{
    public FieldDecryptionException(string message) : base(message) { }

    public FieldDecryptionException(string message, Exception inner) : base(message, inner) { }

    public FieldDecryptionException() { }
}
