using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Data;

/// <summary>
/// The one EF Core context. It is the unit of work and the repository (ADR 0002); the provider-specific
/// subclasses below exist only so each database keeps its own migrations (ADR 0003).
/// </summary>
public abstract class AppDbContext(DbContextOptions options)
    : IdentityUserContext<AppUser, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<NationalOffice> NationalOffices => Set<NationalOffice>();
    public DbSet<LocalAssociation> Associations => Set<LocalAssociation>();
    public DbSet<AssociationMunicipality> AssociationMunicipalities => Set<AssociationMunicipality>();
    public DbSet<CrisisCentre> CrisisCentres => Set<CrisisCentre>();
    public DbSet<CrisisCentreAssociation> CrisisCentreAssociations => Set<CrisisCentreAssociation>();
    public DbSet<CoordinatorAssociation> CoordinatorAssociations => Set<CoordinatorAssociation>();
    public DbSet<County> Counties => Set<County>();
    public DbSet<Municipality> Municipalities => Set<Municipality>();
    public DbSet<PostalCode> PostalCodes => Set<PostalCode>();
    public DbSet<ReferenceDataVersion> ReferenceDataVersions => Set<ReferenceDataVersion>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<OneTimeToken> OneTimeTokens => Set<OneTimeToken>();
    public DbSet<FormDraft> FormDrafts => Set<FormDraft>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Domain.Audit.AuditEntry> AuditEntries => Set<Domain.Audit.AuditEntry>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Every timestamp is UTC; SQLite forgets the kind, so it is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => t.Namespace == typeof(AppDbContext).Namespace);

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(VersionedEntity).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).Property(nameof(VersionedEntity.Version)).IsConcurrencyToken();
        }

        // Encrypted values are longer than their plaintext and vary in length: no maximum length (text), ADR 0008.
        foreach (var entity in builder.Model.GetEntityTypes().ToList())
        {
            foreach (var property in Encryption.EncryptedProperties.For(entity.ClrType))
            {
                builder.Entity(entity.ClrType).Property(property.Name).Metadata.SetMaxLength(null);
            }
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>The context used on SQLite; its migrations are in Data/Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>The context used on PostgreSQL; its migrations are in Data/Migrations/Postgres.</summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
