namespace Ressursvenn.Web.Data;

/// <summary>
/// Whose records the current unit of work may read (SR5, docs/domain.md §3: "lists are scoped to the caller's
/// associations at the database query"). The context applies it as a global query filter on every personal-data
/// set, so a page that forgets to filter still cannot see another association's women. It starts as "nothing":
/// <see cref="DataScopeMiddleware"/> widens it to the signed-in user's associations or centre, and background jobs
/// and CLI commands say explicitly that they act for the system.
/// </summary>
public sealed class DataScope
{
    /// <summary>The scope of code acting for the system (retention job, CLI, design time).</summary>
    public bool IsSystem { get; private set; }

    /// <summary>The associations whose participants and referrals may be read.</summary>
    public IReadOnlyList<Guid> AssociationIds { get; private set; } = [];

    /// <summary>The crisis centre whose own referrals (status only) may be read; <see cref="Guid.Empty"/> for none.</summary>
    public Guid CrisisCentreId { get; private set; } = Guid.Empty;

    /// <summary>A volunteer's own account: she sees her own volunteer record only.</summary>
    public Guid VolunteerUserId { get; private set; } = Guid.Empty;

    public static DataScope System()
    {
        var scope = new DataScope();
        scope.UseSystem();
        return scope;
    }

    public void UseSystem() => IsSystem = true;

    public void UseAssociations(IEnumerable<Guid> associations) => AssociationIds = associations.ToArray();

    public void UseCrisisCentre(Guid centre) => CrisisCentreId = centre;

    public void UseVolunteer(Guid userId) => VolunteerUserId = userId;

    public bool Covers(Guid associationId) => IsSystem || AssociationIds.Contains(associationId);
}

public static class SystemScopeExtensions
{
    /// <summary>A service scope acting for the system (jobs, CLI, start-up): its context sees every association.</summary>
    public static AsyncServiceScope CreateSystemScope(this IServiceProvider services)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().UseSystem();
        return scope;
    }

    /// <inheritdoc cref="CreateSystemScope(IServiceProvider)"/>
    public static AsyncServiceScope CreateSystemScope(this IServiceScopeFactory scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<DataScope>().UseSystem();
        return scope;
    }
}
