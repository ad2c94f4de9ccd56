using System.Diagnostics;

namespace Ressursvenn.Web.Features.Home;

/// <summary>The neutral error page: no stack trace, no data, only a reference for the log (SR3).</summary>
public sealed class ErrorModel : AppPageModel
{
    public string? RequestId { get; private set; }

    public void OnGet() => RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;

    public void OnPost() => OnGet();
}
