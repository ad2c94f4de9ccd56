using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;

namespace Ressursvenn.IntegrationTests.Security;

/// <summary>The access-matrix world (every role, real records) in the Development environment.</summary>
public sealed class DevelopmentMatrixFixture : AccessMatrixFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal) { [TestApp.EnvironmentSetting] = "Development" };
}

/// <summary>The access-matrix world (every role, real records) in the Production environment.</summary>
public sealed class ProductionMatrixFixture : AccessMatrixFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(StringComparer.Ordinal) { [TestApp.EnvironmentSetting] = "Production" };
}

public sealed class DevelopmentQueryFuzzTests(DevelopmentMatrixFixture fixture) : IClassFixture<DevelopmentMatrixFixture>
{
    [Fact]
    public Task EveryGetRoute_WithHostileQueryValues_NeverAnswers500() => QueryFuzz.RunAsync(fixture);
}

public sealed class ProductionQueryFuzzTests(ProductionMatrixFixture fixture) : IClassFixture<ProductionMatrixFixture>
{
    [Fact]
    public Task EveryGetRoute_WithHostileQueryValues_NeverAnswers500() => QueryFuzz.RunAsync(fixture);
}

/// <summary>
/// SR22: no value of any query parameter gives a 500, in any environment. Every GET route of the running
/// app (from its endpoint data sources, with the access matrix's real records) is asked by an actor it admits, with
/// each query parameter it binds (page properties and handler parameters, API parameters from the API description,
/// and the names every page reads: handler, ReturnUrl) set to each hostile value: all at once, and for the API also one at a time.
/// </summary>
internal static partial class QueryFuzz
{
    /// <summary>Query names any route may read: the page handler, the return address after login, the kept-form key.</summary>
    private static readonly string[] CommonNames = ["handler", "ReturnUrl", "returnUrl", "utlopt", Ressursvenn.Web.Security.FormDraftService.RestoreQueryKey];

    public static readonly IReadOnlyList<string> HostileValues =
    [
        string.Empty,
        "2147483648",
        "-2147483649",
        "99999999999999999999999999",
        "-1",
        "0",
        "abc",
        "maybe",
        "1e309",
        "NaN",
        "\t",
        "/\t/evil",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "\0",
        "a\0b",
        new string('x', 5000),
        "Ærlig ødeland å 🙂 \u200b\u202e",
        "\ud800",
        "NotAKnownEnumName",
        "00000000-0000-0000-0000-000000000000",
        "9999-12-31",
        "0001-01-01",
        "31.02.2026",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%",
        "../../etc/passwd",
    ];

    public static async Task RunAsync(AccessMatrixFixture fixture)
    {
        var names = QueryNamesByPattern(fixture.App);
        var failures = new List<string>();
        var requests = 0;
        var routes = 0;
        foreach (var probe in fixture.Probes.Where(p => p.Kind is ProbeKind.Plain or ProbeKind.RealId or ProbeKind.Design))
        {
            var ending = AccessMatrixFixture.SessionEnding.Contains(probe.Endpoint.Pattern, StringComparer.Ordinal);
            var actor = fixture.Actors.FirstOrDefault(a => a.Role is { } role && probe.Endpoint.Admits(role) && (probe.Owners is null || probe.Owners.Contains(a.Name)))
                ?? fixture.Anonymous;
            if (ending)
            {
                actor = fixture.Anonymous;
            }

            var client = fixture.Client(actor);
            var parameters = names.GetValueOrDefault(Normalise(probe.Endpoint.Pattern), []).Concat(CommonNames).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var baseUrl = probe.Url.Split('?', 2)[0];
            var fixedQuery = probe.Url.Contains('?', StringComparison.Ordinal) ? probe.Url.Split('?', 2)[1] : null;
            routes++;
            foreach (var value in HostileValues)
            {
                // A page binds every parameter whatever the others hold: one request with all of them. The API stops at
                // the first it cannot bind, so each of its own parameters is also tried alone.
                var alone = probe.Endpoint.IsApi ? names.GetValueOrDefault(Normalise(probe.Endpoint.Pattern), []) : [];
                var queries = alone.Select(p => Query([(p, value)])).Append(Query(parameters.Select(p => (p, value)))).ToList();
                foreach (var query in queries)
                {
                    var url = baseUrl + "?" + (fixedQuery is null ? string.Empty : fixedQuery + "&") + query;
                    requests++;
                    using var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{actor.Name} GET {Shorten(url)} -> {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(routes > 50, $"Only {routes} routes were found: the enumeration is broken.");
        Assert.Contains(names, n => n.Value.Contains("top", StringComparer.Ordinal));
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests answered 5xx:\n" + string.Join('\n', failures.Distinct().Take(60)));
    }

    private static string Query(IEnumerable<(string Name, string Value)> pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Name) + "=" + Escape(p.Value)));

    /// <summary>Percent-encodes a value, a lone surrogate as the invalid UTF-8 a hostile client would send.</summary>
    private static string Escape(string value) => value == "\ud800" ? "%ED%A0%80" : Uri.EscapeDataString(value);

    private static string Shorten(string url) => url.Length > 160 ? url[..160] + "…" : url;

    /// <summary>A route pattern without constraints, as the API description writes it ("/api/v1/x/{id}").</summary>
    private static string Normalise(string pattern) => "/" + Constraint().Replace(pattern.TrimStart('/'), "{$1}");

    /// <summary>The query names each route binds: page properties and handler parameters, API query parameters.</summary>
    private static Dictionary<string, List<string>> QueryNamesByPattern(TestApp app)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var loader = app.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } descriptor)
            {
                continue;
            }

            var compiled = loader.LoadAsync(descriptor, endpoint.Metadata).GetAwaiter().GetResult();
            var names = new List<string>();
            foreach (var property in compiled.BoundProperties)
            {
                names.AddRange(NamesFor(property.BindingInfo?.BinderModelName ?? property.Name, property.ParameterType));
            }

            foreach (var parameter in compiled.HandlerMethods.SelectMany(h => h.Parameters))
            {
                names.AddRange(NamesFor(parameter.BindingInfo?.BinderModelName ?? parameter.Name, parameter.ParameterType));
            }

            var key = Normalise("/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/'));
            result[key] = names.Where(n => !endpoint.RoutePattern.Parameters.Any(p => string.Equals(p.Name, n, StringComparison.OrdinalIgnoreCase))).Distinct(StringComparer.Ordinal).ToList();
        }

        foreach (var description in app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items.SelectMany(g => g.Items))
        {
            if (!string.Equals(description.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var key = Normalise("/" + (description.RelativePath ?? string.Empty).Split('?')[0]);
            var list = result.TryGetValue(key, out var existing) ? existing : result[key] = [];
            list.AddRange(description.ParameterDescriptions.Where(p => p.Source == BindingSource.Query || p.Source == BindingSource.ModelBinding).Select(p => p.Name));
        }

        return result;
    }

    /// <summary>A simple value binds by its name; a complex one (an input model) by each of its properties, one level down.</summary>
    private static IEnumerable<string> NamesFor(string name, Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (plain.IsPrimitive || plain.IsEnum || plain == typeof(string) || plain == typeof(decimal) || plain == typeof(Guid)
            || plain == typeof(DateOnly) || plain == typeof(DateTime) || plain == typeof(DateTimeOffset) || plain == typeof(TimeOnly)
            || plain.IsArray || (plain.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(plain)))
        {
            return [name];
        }

        return [name, .. plain.GetProperties().Where(p => p.CanWrite).Select(p => name + "." + p.Name)];
    }

    [GeneratedRegex(@"\{(\w+)(:[^}?]*)?(\?)?\}")]
    private static partial Regex Constraint();
}
