using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Ressursvenn.IntegrationTests.Infrastructure;

/// <summary>Small helpers to read pages and post their forms the way a browser without JavaScript would.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url) =>
        await ParseAsync(await client.GetAsync(url));

    /// <summary>The antiforgery token of the first form on the page at url.</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string url)
    {
        var document = await client.GetDocumentAsync(url);
        return Token(document);
    }

    public static string Token(IHtmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return (document.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value
            ?? document.QuerySelector("meta[name=rv-csrf]")?.GetAttribute("content")
            ?? throw new InvalidOperationException("No antiforgery token on the page.");
    }

    /// <summary>GETs the page (for its token), then POSTs the fields to postUrl (default: the same URL).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client, string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? postUrl = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var token = await client.AntiforgeryTokenAsync(pageUrl);
        var all = fields.Append(new("__RequestVerificationToken", token)).ToList();
        return await client.PostAsync(postUrl ?? pageUrl, new FormUrlEncodedContent(all));
    }

    public static IEnumerable<string> ErrorMessages(IHtmlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.QuerySelectorAll(".rv-error-summary li, .rv-field-error").Select(e => e.TextContent.Trim());
    }

    public static string? InputValue(IHtmlDocument document, string name)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.QuerySelector($"[name='{name}']") switch
        {
            IHtmlInputElement input => input.Value,
            IHtmlTextAreaElement area => area.Value,
            IHtmlSelectElement select => select.Value,
            _ => null,
        };
    }
}
