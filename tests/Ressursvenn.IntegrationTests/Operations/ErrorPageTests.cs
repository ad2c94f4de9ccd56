using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Ressursvenn.IntegrationTests.Infrastructure;

namespace Ressursvenn.IntegrationTests.Operations;

/// <summary>
/// The neutral error page (SR3): an unhandled exception answers 500 with the page and no details; the page asked
/// for directly is no server error (so nobody can make the app report 500s at will).
/// </summary>
public sealed class ErrorPageTests
{
    private const string Marker = "Plantet-unntak-5be1";

    [Fact]
    public async Task UnhandledException_Answers500WithTheNeutralPage_AndFeilAskedDirectlyAnswers200()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.CreateAsync();
        using var failing = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.Configure<MvcOptions>(o => o.Filters.Add(new ThrowOnAboutPage()))));
        using var client = failing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        using var direct = await client.GetAsync(new Uri("/feil", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        var heading = (await Html.ParseAsync(direct)).QuerySelector("h1")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(heading));

        using var crashed = await client.GetAsync(new Uri("/om", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        var body = await crashed.Content.ReadAsStringAsync(ct);
        Assert.Equal(heading, (await Html.ParseAsync(crashed)).QuerySelector("h1")?.TextContent.Trim());
        Assert.DoesNotContain(Marker, body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ThrowOnAboutPage), body, StringComparison.Ordinal);
    }

    /// <summary>Makes the about page throw, as a bug in a page would.</summary>
    private sealed class ThrowOnAboutPage : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) =>
            context.HttpContext.Request.Path == "/om" ? throw new InvalidOperationException(Marker) : next();
    }
}
