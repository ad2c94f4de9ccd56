using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// A page of the volunteer's own pages (/min-side): the folder admits only volunteers, and her record is opened
/// through <see cref="MyVolunteer"/> (the data scope shows her own record only). Without a record the page shows the
/// kind "nothing here yet" message instead of its content.
/// </summary>
public abstract class MyPageModel(AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock) : AppPageModel
{
    protected AppDbContext Db => db;

    protected MyVolunteer Mine => mine;

    protected AuditTrail Audit => audit;

    protected DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Her record, or null when her account has none (then the page shows the "nothing here yet" text).</summary>
    public Volunteer? Me { get; private set; }

    /// <summary>Opens her record for this request; false when she has none.</summary>
    protected async Task<bool> OpenAsync()
    {
        Me = await mine.FindAsync(User, HttpContext.RequestAborted);
        return Me is not null;
    }

    /// <summary>
    /// Takes steps on her own record through the volunteers' service, the one door for a write (rule, version, audit,
    /// notice to her coordinators, save). A refused or lost step shows why, and what she typed stays on the page.
    /// </summary>
    protected async Task<bool> RunMineAsync(Volunteers.VolunteerScreeningService screening, long version, params Volunteers.VolunteerStep[] steps)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return Saved(await screening.RunAsync(Me!, version, steps, HttpContext.RequestAborted));
    }

    /// <summary>Back to her overview (a plain path; never anything personal in a URL).</summary>
    protected RedirectResult BackHome() => Redirect("/min-side");
}
