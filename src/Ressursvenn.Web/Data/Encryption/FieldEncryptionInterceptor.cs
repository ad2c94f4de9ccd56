using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// Encrypts every <see cref="Domain.EncryptedAttribute"/> property of added entities, and the changed ones of modified
/// entities, just before the save; after it (or after a failed save) it puts the plaintext back, so the tracked
/// entity stays usable and, when the save succeeded, unchanged.
/// </summary>
public sealed class FieldEncryptionInterceptor(FieldCipher cipher) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<Encrypted>> pending = new();

    private sealed record Encrypted(EntityEntry Entry, string Property, string Plaintext);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Encrypt(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Encrypt(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Restore(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Restore(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return Task.CompletedTask;
    }

    private void Encrypt(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        var done = new List<Encrypted>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            var properties = EncryptedProperties.For(entry.Metadata.ClrType);
            if (properties.Count == 0)
            {
                continue;
            }

            var id = EncryptedProperties.IdOf(entry.Entity);
            foreach (var property in properties)
            {
                var value = entry.Property(property.Name);
                if ((entry.State == EntityState.Modified && !value.IsModified) || value.CurrentValue is not string plaintext)
                {
                    continue;
                }

                value.CurrentValue = cipher.Encrypt(plaintext, EncryptedProperties.AssociatedData(entry.Metadata.ClrType, property.Name, id));
                done.Add(new Encrypted(entry, property.Name, plaintext));
            }
        }

        pending.AddOrUpdate(context, done);
    }

    private void Restore(DbContext? context)
    {
        if (context is null || !pending.TryGetValue(context, out var done))
        {
            return;
        }

        pending.Remove(context);
        foreach (var (entry, name, plaintext) in done)
        {
            var value = entry.Property(name);
            var saved = entry.State == EntityState.Unchanged;
            value.CurrentValue = plaintext;
            if (saved)
            {
                // The database holds the ciphertext of exactly this plaintext: the entity is unchanged.
                value.OriginalValue = plaintext;
                value.IsModified = false;
            }
        }
    }
}
