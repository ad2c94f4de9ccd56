using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>
/// One screening form of a volunteer's record on a page of its own (<c>/frivillig/{id}/…</c>): it binds only its own
/// input and the record's version, shows what is stored on a GET, and takes its step through
/// <see cref="VolunteerScreeningService"/> exactly as the JSON API does. Wrong input, a refused step or a lost update
/// shows the form again with the message and what was typed; a saved step goes back to her record.
/// </summary>
public abstract class VolunteerFormPageModel(AppDbContext db, AuditTrail audit, TimeProvider clock, VolunteerScreeningService screening)
    : VolunteerPageModel(db, audit, clock)
{
    protected VolunteerScreeningService Screening => screening;

    /// <summary>The version of her record the form was built from (the lost-update check, SR20).</summary>
    [BindProperty]
    public long Version { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        await FillAsync();
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await OpenAsync(id))
        {
            return Denied();
        }

        var step = await CheckAsync();
        return ModelState.IsValid && step is not null ? await TakeStepAsync(screening, step, Version, DoneMessage, ShowAsync) : await ShowAsync();
    }

    /// <summary>The status message after the step is saved.</summary>
    protected abstract string DoneMessage { get; }

    /// <summary>Puts what is stored in the form (a GET).</summary>
    protected abstract Task FillAsync();

    /// <summary>Checks the posted input (errors into the model state) and builds the step; null when there is nothing to take.</summary>
    protected abstract Task<VolunteerStep?> CheckAsync();

    /// <summary>What the form needs beside her record (choices, catalogue), on every showing.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>The service's messages beside the fields of the form.</summary>
    protected void AddErrors(string form, IEnumerable<FieldMessage> messages)
    {
        foreach (var message in messages)
        {
            ModelState.AddModelError($"{form}.{message.Field}", message.Message);
        }
    }

    private async Task<IActionResult> ShowAsync()
    {
        // A refused post keeps the version it was built from (the hidden field shows the posted value).
        Version = Volunteer.Version;
        await PrepareAsync();
        await AuditViewAsync();
        return Page();
    }
}
