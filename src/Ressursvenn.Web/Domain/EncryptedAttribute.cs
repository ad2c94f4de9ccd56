namespace Ressursvenn.Web.Domain;

/// <summary>
/// Marks a string property of an entity with a <c>Guid Id</c> as encrypted at rest (SR16, ADR 0008). The data
/// layer encrypts it on save and decrypts it on load; nothing else is needed. Read it only through entities:
/// a <c>Select</c> projection, filter or sort on it runs in the database and would see ciphertext.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class EncryptedAttribute : Attribute;
