using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace Ressursvenn.Web.Security;

/// <summary>
/// Bad input is never stored (SR22): a posted form field with control characters (other than tab and line
/// breaks) gets a clear message on that field, so the page's own validity check refuses the post and the user
/// keeps what she typed. (U+0000 never gets here: NulCharacterMiddleware removes it before the form is read.)
/// </summary>
public sealed class ControlCharacterFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType && await ReadableFormAsync(request) is { } form)
        {
            foreach (var (key, values) in form)
            {
                if (!key.StartsWith("__", StringComparison.Ordinal) && values.Any(v => v is not null && HasControlCharacter(v)))
                {
                    var t = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                    context.ModelState.AddModelError(key, t["Validation.ControlCharacters"]);
                }
            }
        }

        await next();
    }

    /// <summary>The form, or null when the form reader refuses it (the antiforgery check has answered 400 already).</summary>
    private static async Task<IFormCollection?> ReadableFormAsync(HttpRequest request)
    {
        try
        {
            return await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public static bool HasControlCharacter(string value) =>
        value.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));
}
