using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Domain.Matching;
using Ressursvenn.Web.Domain.Participants;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.Web.Data;

internal sealed class MatchConfiguration : IEntityTypeConfiguration<Match>
{
    public void Configure(EntityTypeBuilder<Match> builder)
    {
        builder.ToTable("Matches");
        builder.HasIndex(x => new { x.AssociationId, x.Status });
        builder.HasIndex(x => new { x.VolunteerAssociationId, x.Status });
        // NULLs are distinct in a unique index on both databases: only open matches compete for a slot.
        builder.HasIndex(x => new { x.ParticipantId, x.ParticipantSlot }).IsUnique();
        builder.HasIndex(x => new { x.VolunteerId, x.VolunteerSlot }).IsUnique();
        builder.HasOne<LocalAssociation>().WithMany().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LocalAssociation>().WithMany().HasForeignKey(x => x.VolunteerAssociationId).OnDelete(DeleteBehavior.Restrict);
        // A match outlives the erasure of either person (the statistics need it): the link to her becomes null.
        builder.HasOne<Participant>().WithMany().HasForeignKey(x => x.ParticipantId).IsRequired(false).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).IsRequired(false).OnDelete(DeleteBehavior.SetNull);
        builder.Ignore(x => x.IsOpen);
        builder.Ignore(x => x.HasStarted);
        builder.Ignore(x => x.IsBeforeStart);
    }
}

internal sealed class PairBlockConfiguration : IEntityTypeConfiguration<PairBlock>
{
    public void Configure(EntityTypeBuilder<PairBlock> builder)
    {
        builder.HasIndex(x => new { x.ParticipantId, x.VolunteerId, x.Kind }).IsUnique();
        builder.HasIndex(x => x.VolunteerId);
        builder.HasOne<Participant>().WithMany().HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Volunteer>().WithMany().HasForeignKey(x => x.VolunteerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WideningRequestConfiguration : IEntityTypeConfiguration<WideningRequest>
{
    public void Configure(EntityTypeBuilder<WideningRequest> builder)
    {
        builder.HasIndex(x => new { x.ParticipantId, x.PartnerAssociationId }).IsUnique();
        builder.HasIndex(x => new { x.PartnerAssociationId, x.Status });
        builder.HasOne<Participant>().WithMany().HasForeignKey(x => x.ParticipantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<LocalAssociation>().WithMany().HasForeignKey(x => x.AssociationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LocalAssociation>().WithMany().HasForeignKey(x => x.PartnerAssociationId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(x => x.Summary);
    }
}
