using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace Ressursvenn.Web.Features.Home;

/// <summary>The neutral error page: no stack trace, no data, only a reference for the log (SR3).</summary>
public sealed class ErrorModel : AppPageModel
{
    public string? RequestId { get; private set; }

    public void OnGet()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;

        // Reached through the exception handler, the answer is a 500; /feil asked for directly is no server error.
        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null)
        {
            Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    public void OnPost() => OnGet();
}
