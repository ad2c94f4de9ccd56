using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Ressursvenn.BrowserTests.Infrastructure;

/// <summary>Accessibility checks on the page as it is now (axe-core), and reflow at narrow widths (WCAG 1.4.10).</summary>
public static class PageChecks
{
    private static readonly string[] Blocking = ["serious", "critical"];
    private static readonly TimeSpan AxeTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs axe and returns a readable line per serious or critical violation (empty when there is none).</summary>
    public static async Task<IReadOnlyList<string>> SeriousAxeViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        // axe waits on timers that never fire where JavaScript is off, and an evaluation has no timeout of its own:
        // bounded here so such a call fails this test instead of stalling the whole suite.
        AxeResult result;
        try
        {
            result = await page.RunAxe().WaitAsync(AxeTimeout);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"axe did not finish on {page.Url} within {AxeTimeout.TotalSeconds} s (is JavaScript off in this context? axe cannot run there).");
        }

        if (result.Passes.Length == 0)
        {
            throw new InvalidOperationException($"axe checked nothing on {page.Url}: was it injected into the page?");
        }

        return result.Violations
            .Where(v => Blocking.Contains(v.Impact, StringComparer.OrdinalIgnoreCase))
            .Select(v => Describe(page.Url, v))
            .ToList();
    }

    /// <summary>How far the page is wider than the viewport (0 or less when there is no horizontal scrolling).</summary>
    public static async Task<int> HorizontalOverflowAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var width = page.ViewportSize?.Width ?? throw new InvalidOperationException("The page has no fixed viewport.");
        return await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") - width;
    }

    private static string Describe(string url, AxeResultItem violation)
    {
        var text = new StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{url}: [{violation.Impact}] {violation.Id}: {violation.Help}");
        foreach (var node in violation.Nodes.Take(5))
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n    {node.Target}: {node.Html}");
        }

        return text.ToString();
    }
}
