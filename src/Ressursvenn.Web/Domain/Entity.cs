namespace Ressursvenn.Web.Domain;

/// <summary>
/// Base for every record two people may edit. <see cref="Version"/> is the optimistic-concurrency token:
/// the data layer increments it on every update, and a form posts the version it was built from, so a lost
/// update is refused instead of silently overwriting someone else's change (SR20).
/// </summary>
public abstract class VersionedEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public long Version { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
