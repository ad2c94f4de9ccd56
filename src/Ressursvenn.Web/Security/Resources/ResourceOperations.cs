using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Ressursvenn.Web.Domain;

namespace Ressursvenn.Web.Security.Resources;

/// <summary>
/// What a caller wants to do with one record (resource-based authorization, ADR 0018). Each resource has its own
/// requirement type, so its one handler is the only place that decides it: <see cref="ParticipantAuthorizationHandler"/>,
/// <see cref="MatchAuthorizationHandler"/>, <see cref="VolunteerAuthorizationHandler"/>.
/// </summary>
public abstract class ResourceOperation(string name) : IAuthorizationRequirement
{
    public string Name { get; } = name;

    public override string ToString() => $"{GetType().Name}.{Name}";
}

/// <summary>Operations on a woman's record.</summary>
public sealed class ParticipantOperation : ResourceOperation
{
    private ParticipantOperation(string name)
        : base(name)
    {
    }

    /// <summary>Her association's coordinator reads the record.</summary>
    public static readonly ParticipantOperation Read = new(nameof(Read));

    /// <summary>Her association's coordinator changes it (a lifecycle step, an edit, a note, consent).</summary>
    public static readonly ParticipantOperation Step = new(nameof(Step));

    /// <summary>Her association's coordinator exports it for a data-access request.</summary>
    public static readonly ParticipantOperation Export = new(nameof(Export));

    /// <summary>A national admin reads it, read-only, under an unexpired break-glass access of her own (SR8).</summary>
    public static readonly ParticipantOperation BreakGlass = new(nameof(BreakGlass));
}

/// <summary>Operations on a match.</summary>
public sealed class MatchOperation : ResourceOperation
{
    private MatchOperation(string name)
        : base(name)
    {
    }

    /// <summary>A coordinator of the association that runs it (the woman's), or the volunteer of the match, reads it.</summary>
    public static readonly MatchOperation Read = new(nameof(Read));

    /// <summary>A coordinator of the association that runs it (the woman's) takes a step.</summary>
    public static readonly MatchOperation Step = new(nameof(Step));

    /// <summary>The volunteer of the match answers the proposal, before the start meeting only.</summary>
    public static readonly MatchOperation Answer = new(nameof(Answer));
}

/// <summary>Operations on a volunteer's record.</summary>
public sealed class VolunteerOperation : ResourceOperation
{
    private VolunteerOperation(string name)
        : base(name)
    {
    }

    /// <summary>
    /// A coordinator reads who she is: her own association's, or a partner association's coordinator who runs a match
    /// with her (lending; the loader then gives the bare record, never the screening).
    /// </summary>
    public static readonly VolunteerOperation Read = new(nameof(Read));

    /// <summary>Her association's coordinator reads and changes her screening record.</summary>
    public static readonly VolunteerOperation Screen = new(nameof(Screen));

    /// <summary>The volunteer herself, on her own pages.</summary>
    public static readonly VolunteerOperation Self = new(nameof(Self));
}

/// <summary>The signed-in user's id and roles as the handlers read them.</summary>
internal static class Caller
{
    public static Guid? IdOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static bool IsCoordinator(ClaimsPrincipal user) => IdOf(user) is not null && user.IsInRole(Roles.Coordinator);

    /// <summary>The signed-in volunteer's user id when the request's data scope is hers, else null.</summary>
    public static Guid? VolunteerOf(ClaimsPrincipal user, Data.DataScope scope) =>
        user.IsInRole(Roles.Volunteer) && IdOf(user) is { } id && id == scope.VolunteerUserId ? id : null;
}
