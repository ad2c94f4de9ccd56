using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Data;

internal sealed class NationalOfficeConfiguration : IEntityTypeConfiguration<NationalOffice>
{
    public void Configure(EntityTypeBuilder<NationalOffice> builder) => builder.Property(x => x.Name).HasMaxLength(200);
}

internal sealed class LocalAssociationConfiguration : IEntityTypeConfiguration<LocalAssociation>
{
    public void Configure(EntityTypeBuilder<LocalAssociation> builder)
    {
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.Property(x => x.CountyCode).HasMaxLength(2);
        builder.HasIndex(x => x.Name).IsUnique();
        builder.HasOne<County>().WithMany().HasForeignKey(x => x.CountyCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(x => x.Municipalities).WithOne().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.CrisisCentres).WithOne().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AssociationMunicipalityConfiguration : IEntityTypeConfiguration<AssociationMunicipality>
{
    public void Configure(EntityTypeBuilder<AssociationMunicipality> builder)
    {
        builder.HasKey(x => new { x.AssociationId, x.MunicipalityCode });
        builder.Property(x => x.MunicipalityCode).HasMaxLength(4);
        builder.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CrisisCentreConfiguration : IEntityTypeConfiguration<CrisisCentre>
{
    public void Configure(EntityTypeBuilder<CrisisCentre> builder)
    {
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.Property(x => x.MunicipalityCode).HasMaxLength(4);
        builder.HasIndex(x => x.Name).IsUnique();
        builder.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(x => x.Associations).WithOne().HasForeignKey(x => x.CrisisCentreId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CrisisCentreAssociationConfiguration : IEntityTypeConfiguration<CrisisCentreAssociation>
{
    public void Configure(EntityTypeBuilder<CrisisCentreAssociation> builder) =>
        builder.HasKey(x => new { x.CrisisCentreId, x.AssociationId });
}

internal sealed class CoordinatorAssociationConfiguration : IEntityTypeConfiguration<CoordinatorAssociation>
{
    public void Configure(EntityTypeBuilder<CoordinatorAssociation> builder)
    {
        builder.HasKey(x => new { x.UserId, x.AssociationId });
        builder.HasOne<LocalAssociation>().WithMany().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(x => x.Role).HasMaxLength(40);
        builder.HasMany(x => x.Associations).WithOne().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CrisisCentre>().WithMany().HasForeignKey(x => x.CrisisCentreId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CountyConfiguration : IEntityTypeConfiguration<County>
{
    public void Configure(EntityTypeBuilder<County> builder)
    {
        builder.HasKey(x => x.Code);
        builder.Property(x => x.Code).HasMaxLength(2);
        builder.Property(x => x.Name).HasMaxLength(100);
    }
}

internal sealed class MunicipalityConfiguration : IEntityTypeConfiguration<Municipality>
{
    public void Configure(EntityTypeBuilder<Municipality> builder)
    {
        builder.HasKey(x => x.Code);
        builder.Property(x => x.Code).HasMaxLength(4);
        builder.Property(x => x.Name).HasMaxLength(100);
        builder.Property(x => x.CountyCode).HasMaxLength(2);
        builder.HasOne<County>().WithMany().HasForeignKey(x => x.CountyCode).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PostalCodeConfiguration : IEntityTypeConfiguration<PostalCode>
{
    public void Configure(EntityTypeBuilder<PostalCode> builder)
    {
        builder.HasKey(x => x.Code);
        builder.Property(x => x.Code).HasMaxLength(4);
        builder.Property(x => x.Place).HasMaxLength(100);
        // No foreign key: Svalbard and Jan Mayen have postal codes but are not municipalities.
        builder.Property(x => x.MunicipalityCode).HasMaxLength(4);
        builder.HasIndex(x => x.MunicipalityCode);
    }
}

internal sealed class ReferenceDataVersionConfiguration : IEntityTypeConfiguration<ReferenceDataVersion>
{
    public void Configure(EntityTypeBuilder<ReferenceDataVersion> builder)
    {
        builder.HasKey(x => x.DataSet);
        builder.Property(x => x.DataSet).HasMaxLength(100);
        builder.Property(x => x.Version).HasMaxLength(200);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.HasIndex(x => x.UserId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(x => x.IsOpen);
    }
}

internal sealed class OneTimeTokenConfiguration : IEntityTypeConfiguration<OneTimeToken>
{
    public void Configure(EntityTypeBuilder<OneTimeToken> builder)
    {
        builder.Property(x => x.TokenHash).HasMaxLength(64);
        builder.HasIndex(x => x.TokenHash).IsUnique();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FormDraftConfiguration : IEntityTypeConfiguration<FormDraft>
{
    public void Configure(EntityTypeBuilder<FormDraft> builder)
    {
        builder.Property(x => x.Path).HasMaxLength(2000);
        builder.Property(x => x.ProtectedPayload).HasMaxLength(200_000);
        builder.HasIndex(x => x.UserId);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.Property(x => x.FriendlyName).HasMaxLength(200);
        builder.Property(x => x.Xml).HasMaxLength(100_000);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<Domain.Audit.AuditEntry>
{
    public void Configure(EntityTypeBuilder<Domain.Audit.AuditEntry> builder)
    {
        // The sequence is the chain's order, given by the writer under a lock, never by the database.
        builder.HasKey(x => x.Sequence);
        builder.Property(x => x.Sequence).ValueGeneratedNever();
        builder.Property(x => x.Action).HasMaxLength(60);
        builder.Property(x => x.EntityType).HasMaxLength(60);
        builder.Property(x => x.Detail).HasMaxLength(200);
        builder.Property(x => x.PreviousHash).HasMaxLength(64);
        builder.Property(x => x.Hash).HasMaxLength(64);
        builder.HasIndex(x => x.At);
        builder.HasIndex(x => x.UserId);
        builder.HasIndex(x => x.EntityId);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(x => x.Kind).HasMaxLength(60);
        builder.Property(x => x.LastError).HasMaxLength(200);
        // The dispatcher's question: what is due and not given up.
        builder.HasIndex(x => new { x.GaveUpAt, x.NextAttemptAt });
        builder.HasIndex(x => x.AssociationId);
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.HasKey(x => x.Name);
        builder.Property(x => x.Name).HasMaxLength(60);
    }
}
