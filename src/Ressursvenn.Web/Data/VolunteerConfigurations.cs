using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.Web.Data;

internal sealed class VolunteerConfiguration : IEntityTypeConfiguration<Volunteer>
{
    public void Configure(EntityTypeBuilder<Volunteer> builder)
    {
        builder.Property(x => x.MunicipalityCode).HasMaxLength(4);
        builder.Property(x => x.PostalCode).HasMaxLength(4);
        builder.HasIndex(x => new { x.AssociationId, x.Status });
        builder.HasIndex(x => x.UserId);
        builder.HasOne<LocalAssociation>().WithMany().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(x => x.Interview).WithOne().HasForeignKey<VolunteerInterview>(x => x.VolunteerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(x => x.PoliceCertificate).WithOne().HasForeignKey<PoliceCertificateRecord>(x => x.VolunteerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Training).WithOne().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Declarations).WithOne().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(x => x.Profile);
        builder.Ignore(x => x.IsOpenApplication);
    }
}

internal sealed class PoliceCertificateRecordConfiguration : IEntityTypeConfiguration<PoliceCertificateRecord>
{
    public void Configure(EntityTypeBuilder<PoliceCertificateRecord> builder) => builder.Property(x => x.Purpose).HasMaxLength(200);
}

internal sealed class TrainingModuleConfiguration : IEntityTypeConfiguration<TrainingModule>
{
    public void Configure(EntityTypeBuilder<TrainingModule> builder)
    {
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class TrainingCompletionConfiguration : IEntityTypeConfiguration<TrainingCompletion>
{
    public void Configure(EntityTypeBuilder<TrainingCompletion> builder)
    {
        builder.HasIndex(x => new { x.VolunteerId, x.ModuleId }).IsUnique();
        builder.HasOne<TrainingModule>().WithMany().HasForeignKey(x => x.ModuleId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DeclarationSignatureConfiguration : IEntityTypeConfiguration<DeclarationSignature>
{
    public void Configure(EntityTypeBuilder<DeclarationSignature> builder) => builder.Property(x => x.TextVersion).HasMaxLength(20);
}
