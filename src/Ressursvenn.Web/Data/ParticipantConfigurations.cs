using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Participants;

namespace Ressursvenn.Web.Data;

internal sealed class ProgrammeSettingsConfiguration : IEntityTypeConfiguration<ProgrammeSettings>
{
    public void Configure(EntityTypeBuilder<ProgrammeSettings> builder)
    {
        builder.Property(x => x.Id).ValueGeneratedNever();
        // The documented defaults also for a row stored before these settings existed.
        builder.Property(x => x.VolunteerMaxCapacity).HasDefaultValue(2);
        builder.Property(x => x.ParticipantGenders).HasMaxLength(100).HasDefaultValue("female");
        builder.Property(x => x.LanguagesOffered).HasMaxLength(1000).HasDefaultValue(string.Join(',', Catalogues.Languages));
    }
}

internal sealed class ParticipantConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> builder)
    {
        builder.HasIndex(x => new { x.AssociationId, x.Status });
        builder.HasOne<LocalAssociation>().WithMany().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(x => x.Consents).WithOne().HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(x => x.Notes).WithOne().HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        // Erasure detaches referrals first (kept as anonymous facts) or deletes them; never cascades silently.
        builder.HasMany(x => x.Referrals).WithOne().HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(x => x.Contact);
        builder.Ignore(x => x.Area);
        builder.Ignore(x => x.Profile);
        builder.Ignore(x => x.Risk);
        builder.Ignore(x => x.Intake);
        builder.Ignore(x => x.IsOpen);
    }
}

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> builder) => builder.Property(x => x.TextVersion).HasMaxLength(20);
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.Property(x => x.Reference).HasMaxLength(12);
        builder.HasIndex(x => x.Reference).IsUnique();
        builder.HasIndex(x => new { x.AssociationId, x.Status });
        builder.HasIndex(x => x.CrisisCentreId);
        builder.HasOne<LocalAssociation>().WithMany().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CrisisCentre>().WithMany().HasForeignKey(x => x.CrisisCentreId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BreakGlassAccessConfiguration : IEntityTypeConfiguration<BreakGlassAccess>
{
    public void Configure(EntityTypeBuilder<BreakGlassAccess> builder)
    {
        builder.HasIndex(x => new { x.UserId, x.ParticipantId });
        builder.HasIndex(x => x.AssociationId);
        builder.HasOne<Participant>().WithMany().HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Cascade);
    }
}
