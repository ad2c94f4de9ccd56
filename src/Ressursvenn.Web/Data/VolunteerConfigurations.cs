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

internal sealed class GatheringConfiguration : IEntityTypeConfiguration<Gathering>
{
    public void Configure(EntityTypeBuilder<Gathering> builder)
    {
        builder.Property(x => x.Place).HasMaxLength(200);
        builder.HasIndex(x => new { x.AssociationId, x.StartsAt });
        builder.HasOne<LocalAssociation>().WithMany().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Restrict);
        // Modules are retired, not deleted; if one ever is, the gathering stays without its link.
        builder.HasOne<TrainingModule>().WithMany().HasForeignKey(x => x.TrainingModuleId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(x => x.Attendance).WithOne().HasForeignKey(x => x.GatheringId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GatheringAttendanceConfiguration : IEntityTypeConfiguration<GatheringAttendance>
{
    public void Configure(EntityTypeBuilder<GatheringAttendance> builder)
    {
        builder.HasIndex(x => new { x.GatheringId, x.VolunteerId }).IsUnique();
        builder.HasIndex(x => x.VolunteerId);
        // Her attendance goes with her record when she is erased (the database cascades).
        builder.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RenewalReminderConfiguration : IEntityTypeConfiguration<RenewalReminder>
{
    public void Configure(EntityTypeBuilder<RenewalReminder> builder)
    {
        // One reminder per volunteer, requirement, due date and stage, whichever instance gets there first.
        builder.HasIndex(x => new { x.VolunteerId, x.Kind, x.DueOn, x.Stage }).IsUnique();
        builder.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Cascade);
    }
}
