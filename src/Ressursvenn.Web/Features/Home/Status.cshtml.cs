namespace Ressursvenn.Web.Features.Home;

/// <summary>Pages for 404 (also every denied record, SR5) and other status codes, in the user's language.</summary>
public sealed class StatusModel : AppPageModel
{
    public int Code { get; private set; }

    public void OnGet(int code) => Code = code;

    public void OnPost(int code) => Code = code;
}
