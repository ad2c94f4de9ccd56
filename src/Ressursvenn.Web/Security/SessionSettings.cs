namespace Ressursvenn.Web.Security;

/// <summary>The "Sessions" configuration section (SR11).</summary>
public sealed class SessionSettings
{
    public const string Section = "Sessions";

    public int StaffIdleMinutes { get; set; } = 30;

    public int StaffAbsoluteHours { get; set; } = 12;

    public int VolunteerIdleMinutes { get; set; } = 30;

    public int VolunteerAbsoluteHours { get; set; } = 12;

    /// <summary>How long before the idle timeout the page warns (needs JavaScript; without it nothing typed is lost either).</summary>
    public int WarnBeforeSeconds { get; set; } = 120;

    /// <summary>How long a form posted after its session expired is kept for the user's next login.</summary>
    public int FormDraftMinutes { get; set; } = 120;

    public TimeSpan IdleFor(string? role) =>
        TimeSpan.FromMinutes(role == Domain.Roles.Volunteer ? VolunteerIdleMinutes : StaffIdleMinutes);

    public TimeSpan AbsoluteFor(string? role) =>
        TimeSpan.FromHours(role == Domain.Roles.Volunteer ? VolunteerAbsoluteHours : StaffAbsoluteHours);
}
