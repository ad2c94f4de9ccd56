using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// Rewrites every stored encrypted value (every entity and property marked <see cref="EncryptedAttribute"/>) with
/// the current key, in batches: after <c>rotate-keys</c>, and once after the FieldEncryption (and UserEmailEncryption)
/// migration to encrypt values written before their encryption existed. It works on the raw column values, so no entity is loaded, stamped or
/// versioned; each value is written only if its row still holds what was read (value and version), so an edit saved
/// meanwhile is never overwritten with the old value.
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

    /// <summary>
    /// A test hook: runs after a row's stored value has been read and before its new value is written (the moment a
    /// concurrent edit could slip in). Null in the app.
    /// </summary>
    public Func<Type, Guid, CancellationToken, Task>? BeforeWrite { get; set; }

    /// <summary>How often one row is read again after an edit overtook its rewrite, before giving up.</summary>
    public const int MaxAttemptsPerRow = 5;

    private sealed class StoredRow
    {
        public Guid Id { get; init; }

        public string? Value { get; init; }

        public long Version { get; init; }
    }

    private async Task<int> ReencryptPropertyAsync<T>(string name, bool encryptPlaintext, CancellationToken ct)
        where T : class
    {
        var rewritten = 0;
        for (var skip = 0; ; skip += BatchSize)
        {
            var batch = await StoredRows<T>(name).OrderBy(r => r.Id).Skip(skip).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return rewritten;
            }

            foreach (var row in batch)
            {
                if (await RewriteRowAsync<T>(name, row, encryptPlaintext, ct))
                {
                    rewritten++;
                }
            }
        }
    }

    /// <summary>
    /// The raw stored values and, for versioned records, their version: a projection is not materialized as an
    /// entity, so nothing is decrypted on the way.
    /// </summary>
    private IQueryable<StoredRow> StoredRows<T>(string name)
        where T : class
    {
        var rows = db.Set<T>().IgnoreQueryFilters().AsNoTracking();
        return typeof(VersionedEntity).IsAssignableFrom(typeof(T))
            ? rows.Select(e => new StoredRow { Id = EF.Property<Guid>(e, "Id"), Value = EF.Property<string?>(e, name), Version = EF.Property<long>(e, nameof(VersionedEntity.Version)) })
            : rows.Select(e => new StoredRow { Id = EF.Property<Guid>(e, "Id"), Value = EF.Property<string?>(e, name) });
    }

    /// <summary>
    /// Rewrites one value under the current key, only if the row still holds what was read (the same stored value
    /// and, for a versioned record, the same version: optimistic concurrency). When an edit got in between, the row is
    /// read again and tried again, so the edit is never overwritten with the old value. Returns whether it rewrote.
    /// </summary>
    private async Task<bool> RewriteRowAsync<T>(string name, StoredRow row, bool encryptPlaintext, CancellationToken ct)
        where T : class
    {
        var versioned = typeof(VersionedEntity).IsAssignableFrom(typeof(T));
        for (var attempt = 1; ; attempt++)
        {
            var keyId = FieldCipher.KeyIdOf(row.Value);
            if (row.Value is null || keyId == keys.CurrentKeyId)
            {
                return false;
            }

            var associatedData = EncryptedProperties.AssociatedData(typeof(T), name, row.Id);
            if (keyId is null && !encryptPlaintext)
            {
                throw new FieldDecryptionException($"The value of {associatedData} is not an encrypted value.");
            }

            var encrypted = cipher.Encrypt(keyId is null ? row.Value : cipher.Decrypt(row.Value, associatedData), associatedData);
            if (BeforeWrite is { } hook)
            {
                await hook(typeof(T), row.Id, ct);
            }

            var (id, old, version) = (row.Id, row.Value, row.Version);
            var target = db.Set<T>().Where(e => EF.Property<Guid>(e, "Id") == id && EF.Property<string?>(e, name) == old);
            if (versioned)
            {
                target = target.Where(e => EF.Property<long>(e, nameof(VersionedEntity.Version)) == version);
            }

            // The version is left as it is: the value means the same, and an edit read before this rewrite still saves.
            if (await target.ExecuteUpdateAsync(s => s.SetProperty(e => EF.Property<string?>(e, name), encrypted), ct) == 1)
            {
                return true;
            }

            if (attempt == MaxAttemptsPerRow)
            {
                throw new DbUpdateConcurrencyException($"{associatedData} kept changing while it was re-encrypted ({attempt} attempts); run rotate-keys again.");
            }

            // Changed (or deleted) since it was read: read it again.
            var again = await StoredRows<T>(name).Where(r => r.Id == id).SingleOrDefaultAsync(ct);
            if (again is null)
            {
                return false;
            }

            row = again;
        }
    }
}
