using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// Decrypts the <see cref="Domain.EncryptedAttribute"/> properties of every entity EF Core materializes. A value that does
/// not decrypt throws <see cref="FieldDecryptionException"/>: it is never shown as ciphertext, plaintext or empty.
/// Materialization interceptors are part of EF Core's internal service provider, so there is one stateless instance
/// per process; the cipher (and with it the app's key file) comes from the context's application services.
/// </summary>
public sealed class FieldDecryptionInterceptor : IMaterializationInterceptor
{
    public static readonly FieldDecryptionInterceptor Instance = new();

    private FieldDecryptionInterceptor()
    {
    }

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var properties = EncryptedProperties.For(entity.GetType());
        if (properties.Count == 0)
        {
            return entity;
        }

        var cipher = materializationData.Context.GetService<FieldCipher>();
        var id = EncryptedProperties.IdOf(entity);
        foreach (var property in properties)
        {
            if (property.GetValue(entity) is string stored)
            {
                property.SetValue(entity, cipher.Decrypt(stored, EncryptedProperties.AssociatedData(entity.GetType(), property.Name, id)));
            }
        }

        return entity;
    }
}
