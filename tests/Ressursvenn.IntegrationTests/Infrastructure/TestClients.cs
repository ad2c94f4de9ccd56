using System.Collections.Concurrent;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Ressursvenn.IntegrationTests.Infrastructure;

/// <summary>A browser-like client whose cookie jar the test can read (to copy a session cookie elsewhere).</summary>
public sealed class JarClient(HttpClient client, CookieContainer jar) : IDisposable
{
    public static readonly Uri Origin = new("https://localhost");

    public HttpClient Client { get; } = client;

    public CookieContainer Jar { get; } = jar;

    /// <summary>The Cookie header this browser sends now.</summary>
    public string CookieHeader => Jar.GetCookieHeader(Origin);

    public void Dispose() => Client.Dispose();
}

/// <summary>Keeps every response that passes through a client (to check headers and Set-Cookie of each).</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<(string Request, HttpResponseMessage Response)> responses = new();

    public IReadOnlyList<(string Request, HttpResponseMessage Response)> Responses => responses.ToList();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        responses.Enqueue(($"{request.Method} {request.RequestUri?.PathAndQuery}", response));
        return response;
    }
}

public static class TestClients
{
    /// <summary>A client with a cookie jar the test can read; extra handlers see each request after cookies are added.</summary>
    public static JarClient JarClient(this TestApp app, params DelegatingHandler[] inner)
    {
        ArgumentNullException.ThrowIfNull(app);
        var jar = new CookieContainer();
        var client = app.CreateDefaultClient(Infrastructure.JarClient.Origin, [new CookieContainerHandler(jar), .. inner]);
        return new JarClient(client, jar);
    }

    /// <summary>A client that keeps no cookies and follows no redirects: the test sets the Cookie header itself.</summary>
    public static HttpClient RawClient(this TestApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.CreateClient(new WebApplicationFactoryClientOptions
        {
            HandleCookies = false,
            AllowAutoRedirect = false,
            BaseAddress = Infrastructure.JarClient.Origin,
        });
    }

    /// <summary>A GET with exactly this Cookie header (a copied cookie replayed from another place).</summary>
    public static async Task<HttpResponseMessage> GetWithCookieAsync(this HttpClient raw, string url, string cookieHeader)
    {
        ArgumentNullException.ThrowIfNull(raw);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Add("Cookie", cookieHeader);
        return await raw.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> GetUrlAsync(this HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
    }

    /// <summary>POSTs the fields as a form, with no antiforgery token added.</summary>
    public static Task<HttpResponseMessage> PostRawFormAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Posts one form of a page exactly as a browser without JavaScript would: its own hidden and pre-filled
    /// fields (token, version, stamp ...), overridden or extended by the given fields, to the form's action.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, string pageUrl, string formSelector, IEnumerable<KeyValuePair<string, string>> fields, string? submitName = null, string? submitValue = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetUrlAsync(pageUrl);
        var document = await Html.ParseAsync(page);
        var form = document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl} ({(int)page.StatusCode}).");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>())
        {
            values.Add(new(input.Name ?? string.Empty, input.Value));
        }

        var overrides = fields.ToList();
        values.RemoveAll(v => overrides.Any(o => o.Key == v.Key));
        values.AddRange(overrides);
        if (submitName is not null)
        {
            values.Add(new(submitName, submitValue ?? string.Empty));
        }

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action;
        return await client.PostRawFormAsync(target, values);
    }

    /// <summary>A response header, wherever HttpClient put it (response or content headers), or null.</summary>
    public static string? Header(this HttpResponseMessage response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
        {
            return string.Join(", ", values);
        }

        return null;
    }

    public static IReadOnlyList<string> SetCookies(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
    }

    /// <summary>The Location of a redirect as a path and query ("/logg-inn?ReturnUrl=...").</summary>
    public static string Location(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var location = response.Headers.Location ?? throw new InvalidOperationException($"No Location on a {(int)response.StatusCode} response.");
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    public static bool IsRedirectToLogin(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther
            && response.Headers.Location is not null
            && response.Location().StartsWith("/logg-inn", StringComparison.Ordinal);
    }
}
