using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>
/// A coordinator's page about one volunteer: her record is found through the data scope (her association's
/// coordinators only; anyone else gets the 404 a missing record gets), every page view writes one audit entry, and a
/// refused step changes nothing.
/// </summary>
public abstract class VolunteerPageModel(AppDbContext db, AuditTrail audit, TimeProvider clock) : AppPageModel
{
    protected AppDbContext Db => db;

    protected AuditTrail Audit => audit;

    protected DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Today in Oslo: the day the dates on the page are compared with.</summary>
    public DateOnly Today => WorkingDays.OsloDate(Now);

    public Volunteer Volunteer { get; private set; } = null!;

    protected Guid CurrentUserId => Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);

    /// <summary>Opens her record (tracked, with interview, certificate, training and declarations) for this request; false means "answer 404".</summary>
    protected async Task<bool> OpenAsync(Guid id)
    {
        // The loader is taken from the request, not the constructor, so the pages deriving from this one keep theirs.
        var found = await HttpContext.RequestServices.GetRequiredService<VolunteerLoader>()
            .LoadAsync(User, id, Security.Resources.VolunteerOperation.Screen, HttpContext.RequestAborted);
        if (found is null)
        {
            return false;
        }

        Volunteer = found;
        return true;
    }

    /// <summary>Writes the one audit entry of a page view (a GET, or a form shown again, showing her data).</summary>
    protected async Task AuditViewAsync()
    {
        audit.Record(AuditActions.VolunteerViewed, nameof(Volunteer), Volunteer.Id);
        await db.SaveChangesAsync(HttpContext.RequestAborted);
    }

    /// <summary>
    /// Drops whatever this request changed (tracked changes and recorded audit entries) and opens her record afresh,
    /// so the page shows what is stored, with the message and what the user typed.
    /// </summary>
    protected async Task ReloadAsync()
    {
        audit.Take();
        db.ChangeTracker.Clear();
        await OpenAsync(Volunteer.Id);
    }

    /// <summary>
    /// Only the posted form is checked: every form of the page binds on each post, so the other forms' entries
    /// (empty, hence "required") are dropped from the model state.
    /// </summary>
    protected void ValidateOnly(params string[] prefixes)
    {
        foreach (var key in ModelState.Keys.ToList())
        {
            if (key.Length > 0 && key != "Version" && !prefixes.Any(p => key == p || key.StartsWith(p + ".", StringComparison.Ordinal) || key.StartsWith(p + "[", StringComparison.Ordinal)))
            {
                ModelState.Remove(key);
            }
        }
    }

    /// <summary>A required value that did not arrive: its message beside the field (unless the field already has one).</summary>
    protected void Require(object? value, string key, string message)
    {
        if (value is null && ModelState.GetFieldValidationState(key) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.AddModelError(key, T(message));
        }
    }

    protected RedirectResult BackToRecord() => Redirect($"/frivillig/{Volunteer.Id}");
}
