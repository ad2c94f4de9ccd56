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
public abstract class AppDbContext : IdentityUserContext<AppUser, Guid>, IDataProtectionKeyContext
{
    protected AppDbContext(DbContextOptions options)
        : this(options, new DataScope())
    {
    }

    protected AppDbContext(DbContextOptions options, DataScope scope)
        : base(options) => Scope = scope;

    /// <summary>Whose personal records this unit of work may read; applied as a query filter (see <see cref="DataScope"/>).</summary>
    public DataScope Scope { get; }

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
    public DbSet<ProgrammeSettings> Settings => Set<ProgrammeSettings>();
    public DbSet<Domain.Participants.Participant> Participants => Set<Domain.Participants.Participant>();
    public DbSet<Domain.Participants.Referral> Referrals => Set<Domain.Participants.Referral>();
    public DbSet<Domain.Participants.Consent> Consents => Set<Domain.Participants.Consent>();
    public DbSet<Domain.Participants.ParticipantNote> ParticipantNotes => Set<Domain.Participants.ParticipantNote>();
    public DbSet<Domain.Participants.BreakGlassAccess> BreakGlassAccesses => Set<Domain.Participants.BreakGlassAccess>();
    public DbSet<Domain.Volunteers.Volunteer> Volunteers => Set<Domain.Volunteers.Volunteer>();
    public DbSet<Domain.Volunteers.VolunteerInterview> VolunteerInterviews => Set<Domain.Volunteers.VolunteerInterview>();
    public DbSet<Domain.Volunteers.PoliceCertificateRecord> PoliceCertificates => Set<Domain.Volunteers.PoliceCertificateRecord>();
    public DbSet<Domain.Volunteers.TrainingModule> TrainingModules => Set<Domain.Volunteers.TrainingModule>();
    public DbSet<Domain.Volunteers.TrainingCompletion> TrainingCompletions => Set<Domain.Volunteers.TrainingCompletion>();
    public DbSet<Domain.Volunteers.DeclarationSignature> DeclarationSignatures => Set<Domain.Volunteers.DeclarationSignature>();
    public DbSet<Domain.Volunteers.Gathering> Gatherings => Set<Domain.Volunteers.Gathering>();
    public DbSet<Domain.Volunteers.GatheringAttendance> GatheringAttendances => Set<Domain.Volunteers.GatheringAttendance>();
    public DbSet<Domain.Volunteers.RenewalReminder> RenewalReminders => Set<Domain.Volunteers.RenewalReminder>();
    public DbSet<Domain.Matching.Match> Matches => Set<Domain.Matching.Match>();
    public DbSet<Domain.Matching.PairBlock> PairBlocks => Set<Domain.Matching.PairBlock>();
    public DbSet<Domain.Matching.WideningRequest> WideningRequests => Set<Domain.Matching.WideningRequest>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();

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

        // Association scope at the query (SR5): personal records are invisible outside the caller's scope.
        builder.Entity<Domain.Participants.Participant>().HasQueryFilter(p => Scope.IsSystem || Scope.AssociationIds.Contains(p.AssociationId));
        builder.Entity<Domain.Participants.Referral>().HasQueryFilter(r =>
            Scope.IsSystem || Scope.AssociationIds.Contains(r.AssociationId) || r.CrisisCentreId == Scope.CrisisCentreId);
        builder.Entity<Domain.Volunteers.Volunteer>().HasQueryFilter(v =>
            Scope.IsSystem || Scope.AssociationIds.Contains(v.AssociationId) || (v.UserId != null && v.UserId == Scope.VolunteerUserId));
        builder.Entity<Domain.Participants.BreakGlassAccess>().HasQueryFilter(b => Scope.IsSystem || Scope.AssociationIds.Contains(b.AssociationId));

        // Child tables carry no association of their own: each is visible exactly when its parent is, through the parent's
        // set (EF applies the parent's filter inside the subquery). A direct query of notes or certificates by another
        // association's coordinator finds nothing; a query that ignores the filters (break-glass, a volunteer's view of her
        // woman, jobs) ignores these too. Volunteer children follow the volunteer filter, so she still reads her own.
        builder.Entity<Domain.Participants.ParticipantNote>().HasQueryFilter(n => Scope.IsSystem || Participants.Any(p => p.Id == n.ParticipantId));
        builder.Entity<Domain.Participants.Consent>().HasQueryFilter(c => Scope.IsSystem || Participants.Any(p => p.Id == c.ParticipantId));
        builder.Entity<Domain.Volunteers.VolunteerInterview>().HasQueryFilter(i => Scope.IsSystem || Volunteers.Any(v => v.Id == i.VolunteerId));
        builder.Entity<Domain.Volunteers.PoliceCertificateRecord>().HasQueryFilter(c => Scope.IsSystem || Volunteers.Any(v => v.Id == c.VolunteerId));
        builder.Entity<Domain.Volunteers.TrainingCompletion>().HasQueryFilter(t => Scope.IsSystem || Volunteers.Any(v => v.Id == t.VolunteerId));
        builder.Entity<Domain.Volunteers.DeclarationSignature>().HasQueryFilter(d => Scope.IsSystem || Volunteers.Any(v => v.Id == d.VolunteerId));

        // Gatherings: their association's coordinators, and its approved or paused volunteers (who see the upcoming ones
        // on their own page); attendance and renewal reminders: the association's coordinators only.
        builder.Entity<Domain.Volunteers.Gathering>().HasQueryFilter(g =>
            Scope.IsSystem || Scope.AssociationIds.Contains(g.AssociationId)
            || (Scope.VolunteerUserId != Guid.Empty && Volunteers.Any(v => v.UserId == Scope.VolunteerUserId && v.AssociationId == g.AssociationId
                && (v.Status == Domain.Volunteers.VolunteerStatus.Approved || v.Status == Domain.Volunteers.VolunteerStatus.Paused))));
        builder.Entity<Domain.Volunteers.GatheringAttendance>().HasQueryFilter(a => Scope.IsSystem || Scope.AssociationIds.Contains(a.AssociationId));
        builder.Entity<Domain.Volunteers.RenewalReminder>().HasQueryFilter(r => Scope.IsSystem || Scope.AssociationIds.Contains(r.AssociationId));

        // Matches: the woman's and the volunteer's associations' coordinators (a neighbouring association sees only that
        // its volunteer is taken: the woman's record stays behind her own filter), and the volunteer herself.
        builder.Entity<Domain.Matching.Match>().HasQueryFilter(m =>
            Scope.IsSystem || Scope.AssociationIds.Contains(m.AssociationId) || Scope.AssociationIds.Contains(m.VolunteerAssociationId)
            || (Scope.VolunteerUserId != Guid.Empty && Volunteers.Any(v => v.Id == m.VolunteerId && v.UserId == Scope.VolunteerUserId)));
        builder.Entity<Domain.Matching.PairBlock>().HasQueryFilter(b => Scope.IsSystem || Scope.AssociationIds.Contains(b.AssociationId));
        builder.Entity<Domain.Matching.WideningRequest>().HasQueryFilter(w =>
            Scope.IsSystem || Scope.AssociationIds.Contains(w.AssociationId) || Scope.AssociationIds.Contains(w.PartnerAssociationId));

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
public sealed class SqliteAppDbContext : AppDbContext
{
    public SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options)
        : base(options)
    {
    }

    public SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options, DataScope scope)
        : base(options, scope)
    {
    }
}

/// <summary>The context used on PostgreSQL; its migrations are in Data/Migrations/Postgres.</summary>
public sealed class PostgresAppDbContext : AppDbContext
{
    public PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options)
        : base(options)
    {
    }

    public PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options, DataScope scope)
        : base(options, scope)
    {
    }
}
