using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Ressursvenn.Web.Features;
using Microsoft.Extensions.Primitives;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Gives a kept form back: on a GET with ?gjenopprett=ID, after the page's own handler has loaded the record,
/// the kept values are bound onto the page's [BindProperty] properties, as if the user had just typed them.
/// Works for every page without the page knowing.
/// </summary>
public sealed class FormDraftRestoreFilter(FormDraftService drafts) : IAsyncPageFilter
{
    public const string RestoredViewDataKey = "FormDraftRestored";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method)
            || executed.Result is not (null or PageResult)
            || context.HandlerInstance is not AppPageModel page
            || !Guid.TryParse(http.Request.Query[FormDraftService.RestoreQueryKey], out var draftId)
            || !Guid.TryParse(http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value, out var userId))
        {
            return;
        }

        var fields = await drafts.TakeAsync(draftId, userId, http.Request.Path.Value ?? "/", http.RequestAborted);
        if (fields is null)
        {
            return;
        }

        var values = new FormValueProvider(
            BindingSource.Form,
            new FormCollection(fields.ToDictionary(f => f.Key, f => new StringValues(f.Value), StringComparer.OrdinalIgnoreCase)),
            System.Globalization.CultureInfo.CurrentCulture);
        await page.RestoreFormAsync(values);
    }
}
