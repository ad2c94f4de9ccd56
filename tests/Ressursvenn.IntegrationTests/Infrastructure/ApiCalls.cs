using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Ressursvenn.IntegrationTests.Infrastructure;
using Ressursvenn.Web;

namespace Ressursvenn.IntegrationTests.Infrastructure;

/// <summary>Calls to the JSON API as a tool makes them (antiforgery token, If-Match, JSON bodies), and reading the answers.</summary>
public static class ApiCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A POST with the caller's antiforgery token, an optional If-Match and an optional JSON body.</summary>
    public static async Task<HttpResponseMessage> StepAsync(HttpClient client, string url, string? ifMatch = null, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative));
        request.Headers.Add("RequestVerificationToken", await TokenAsync(client));
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        request.Content = body is null ? null : JsonContent.Create(body);
        return await client.SendAsync(request, Ct);
    }

    public static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string url, object body) =>
        await PostAsync(client, url, JsonContent.Create(body), await TokenAsync(client));

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, HttpContent? content, string? token)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = content };
        if (token is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
        }

        return await client.SendAsync(request, Ct);
    }

    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
    }

    /// <summary>The antiforgery token for the client's user, as a tool gets it.</summary>
    public static async Task<string> TokenAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri("/api/v1/antiforgery", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("token").GetString()!;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    /// <summary>The field messages of a validation problem, by field.</summary>
    public static Dictionary<string, string[]> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject()
            .ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray(), StringComparer.Ordinal);

    public static string ETag(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>The app's texts in a culture, to compare messages with.</summary>
    public static Texts TextsIn(TestApp app, string culture)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new(app.Services.GetRequiredService<IStringLocalizer<SharedResource>>(), new CultureInfo(culture));
    }

    public sealed class Texts(IStringLocalizer t, CultureInfo culture)
    {
        public string this[string key, params object[] arguments]
        {
            get
            {
                var previous = CultureInfo.CurrentUICulture;
                CultureInfo.CurrentUICulture = culture;
                try
                {
                    return (arguments.Length == 0 ? t[key] : t[key, arguments]).Value;
                }
                finally
                {
                    CultureInfo.CurrentUICulture = previous;
                }
            }
        }
    }
}
