using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// Rewrites every stored encrypted value (every entity and property marked <see cref="EncryptedAttribute"/>) with
/// the current key, in batches: after <c>rotate-keys</c>, and once after the FieldEncryption (and UserEmailEncryption)
/// migration to encrypt values written before their encryption existed. It works on the raw column values, so no entity is loaded, stamped or
/// versioned.
/// </summary>
public sealed class FieldReencryptor(AppDbContext db, FieldCipher cipher, FieldKeyRing keys)
{
    public const int BatchSize = 200;

    private static readonly MethodInfo PropertyMethod = typeof(FieldReencryptor)
        .GetMethod(nameof(ReencryptPropertyAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    /// <summary>
    /// Re-encrypts every value not yet under the current key; returns how many were rewritten. With
    /// <paramref name="encryptPlaintext"/>, a value not in the encrypted format is taken as legacy plaintext and
    /// encrypted; without it, such a value is an error.
    /// </summary>
    public async Task<int> ReencryptAllAsync(bool encryptPlaintext, CancellationToken ct = default)
    {
        var count = 0;
        foreach (var entityType in db.Model.GetEntityTypes().Where(e => e.BaseType is null && !e.IsOwned()))
        {
            foreach (var property in EncryptedProperties.For(entityType.ClrType))
            {
                var task = (Task<int>)PropertyMethod.MakeGenericMethod(entityType.ClrType).Invoke(this, [property.Name, encryptPlaintext, ct])!;
                count += await task;
            }
        }

        return count;
    }

    /// <summary>
    /// Encrypts the legacy plaintext of properties of <typeparamref name="T"/> that were marked
    /// <see cref="EncryptedAttribute"/> by a later migration (e.g. <c>AppUser.Email</c>), right after that migration;
    /// other encrypted properties are left alone, so a plaintext value in them stays an error. Returns how many values
    /// were rewritten.
    /// </summary>
    public async Task<int> EncryptLegacyPlaintextAsync<T>(IReadOnlyCollection<string> properties, CancellationToken ct = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(properties);
        var marked = EncryptedProperties.For(typeof(T)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (properties.FirstOrDefault(p => !marked.Contains(p)) is { } unmarked)
        {
            throw new ArgumentException($"{typeof(T).Name}.{unmarked} is not marked [Encrypted].", nameof(properties));
        }

        var count = 0;
        foreach (var name in properties)
        {
            count += await ReencryptPropertyAsync<T>(name, encryptPlaintext: true, ct);
        }

        return count;
    }

    private async Task<int> ReencryptPropertyAsync<T>(string name, bool encryptPlaintext, CancellationToken ct)
        where T : class
    {
        var current = keys.CurrentKeyId;
        var rewritten = 0;
        for (var skip = 0; ; skip += BatchSize)
        {
            // The raw stored values: a projection is not materialized, so nothing is decrypted on the way.
            var batch = await db.Set<T>().IgnoreQueryFilters().AsNoTracking()
                .OrderBy(e => EF.Property<Guid>(e, "Id"))
                .Select(e => new { Id = EF.Property<Guid>(e, "Id"), Value = EF.Property<string?>(e, name) })
                .Skip(skip).Take(BatchSize)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return rewritten;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var row in batch)
            {
                var keyId = FieldCipher.KeyIdOf(row.Value);
                if (row.Value is null || keyId == current)
                {
                    continue;
                }

                var associatedData = EncryptedProperties.AssociatedData(typeof(T), name, row.Id);
                if (keyId is null && !encryptPlaintext)
                {
                    throw new FieldDecryptionException($"The value of {associatedData} is not an encrypted value.");
                }

                var encrypted = cipher.Encrypt(keyId is null ? row.Value : cipher.Decrypt(row.Value, associatedData), associatedData);
                var id = row.Id;
                await db.Set<T>().Where(e => EF.Property<Guid>(e, "Id") == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => EF.Property<string?>(e, name), encrypted), ct);
                rewritten++;
            }

            await transaction.CommitAsync(ct);
        }
    }
}
