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
    /// A step with the version check: saved, back to her record with the message; refused or lost, nothing is kept
    /// and the page is shown again (with what was typed) and the message.
    /// </summary>
    protected async Task<IActionResult> TakeStepAsync(
        VolunteerScreeningService screening, VolunteerStep step, long version, string done, Func<Task<IActionResult>> showAgain)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(showAgain);
        var result = await screening.RunAsync(Volunteer, version, step, HttpContext.RequestAborted);
        if (result.Saved)
        {
            StatusMessage = T(done);
            return BackToRecord();
        }

        AddRefusal(result);
        await ReloadAsync();
        return await showAgain();
    }

    /// <summary>A refused or lost step: the message at the top of the page.</summary>
    protected void AddRefusal(StepResult result) =>
        ModelState.AddModelError(string.Empty, T(result.Outcome == StepOutcome.Refused && result.RefusalKey is { } key ? key : "Common.Concurrency"));

    /// <summary>The capacities a coordinator may choose: 1 to the setting.</summary>
    protected static IReadOnlyList<Microsoft.AspNetCore.Mvc.Rendering.SelectListItem> CapacityChoices(int max) => Enumerable.Range(1, Math.Max(1, max))
        .Select(n => new Microsoft.AspNetCore.Mvc.Rendering.SelectListItem(n.ToString(System.Globalization.CultureInfo.CurrentCulture), n.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

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
