using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Data.Encryption;

/// <summary>
/// Which properties of an entity type carry <see cref="EncryptedAttribute"/>, and the associated data that binds an
/// encrypted value to its record and field.
/// </summary>
public static class EncryptedProperties
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<PropertyInfo>> Cache = new();

    /// <summary>The encrypted properties of a type (empty for most types). Throws when one is misused.</summary>
    public static IReadOnlyList<PropertyInfo> For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Cache.GetOrAdd(type, Find);
    }

    /// <summary>The record's id, which every encrypted value is bound to.</summary>
    public static Guid IdOf(object entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return entity.GetType().GetProperty("Id", BindingFlags.Public | BindingFlags.Instance)?.GetValue(entity) is Guid id
            ? id
            : throw new InvalidOperationException($"{entity.GetType().Name} has encrypted properties but no Guid Id.");
    }

    /// <summary>Associated data: "{entity}.{property}:{id}". A value moved to another record or field fails to decrypt.</summary>
    public static string AssociatedData(Type entityType, string property, Guid id)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        return string.Create(CultureInfo.InvariantCulture, $"{entityType.Name}.{property}:{id:D}");
    }

    private static IReadOnlyList<PropertyInfo> Find(Type type)
    {
        var found = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<EncryptedAttribute>(inherit: true) is not null)
            .ToList();
        if (found.Count == 0)
        {
            return [];
        }

        if (type.GetProperty("Id", BindingFlags.Public | BindingFlags.Instance)?.PropertyType != typeof(Guid))
        {
            throw new InvalidOperationException($"{type.Name} has [Encrypted] properties but no Guid Id to bind them to.");
        }

        var wrong = found.FirstOrDefault(p => p.PropertyType != typeof(string) || !p.CanRead || !p.CanWrite);
        return wrong is null
            ? found
            : throw new InvalidOperationException($"[Encrypted] fits only readable and writable string properties, not {type.Name}.{wrong.Name}.");
    }
}
