using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Ressursvenn.UnitTests;

/// <summary>Every UI text exists in Norwegian and English, and every text key the code uses exists.</summary>
public sealed partial class ResourceTextsTests
{
    internal static readonly string WebProject = Path.Combine(RepoRoot(), "src", "Ressursvenn.Web");

    internal static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(WebProject, "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? string.Empty, StringComparer.Ordinal);

    [Fact]
    public void NorwegianAndEnglish_HaveTheSameKeys_AndNoEmptyText()
    {
        var nb = Load("SharedResource.resx");
        var en = Load("SharedResource.en.resx");
        Assert.Empty(nb.Keys.Except(en.Keys));
        Assert.Empty(en.Keys.Except(nb.Keys));
        Assert.Empty(nb.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key));
        Assert.Empty(en.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key));
    }

    [Fact]
    public void EveryEmailTheSystemSends_HasANameForTheFailureList_InBothLanguages()
    {
        // The outbox names a message by its template (EmailMessage.Kind = the template method's name).
        var kinds = typeof(Ressursvenn.Web.Infrastructure.Email.EmailTemplates).GetMethods()
            .Where(m => m.ReturnType == typeof(Ressursvenn.Web.Infrastructure.Email.EmailMessage))
            .Select(m => "EmailKind." + m.Name).Append("EmailKind.Message").ToList();
        Assert.True(kinds.Count > 10, string.Join(", ", kinds));
        foreach (var file in new[] { "SharedResource.resx", "SharedResource.en.resx" })
        {
            var texts = Load(file);
            Assert.All(kinds, k => Assert.True(texts.ContainsKey(k), $"{file}: {k}"));
        }
    }

    [Fact]
    public void FormatPlaceholders_MatchBetweenLanguages()
    {
        var nb = Load("SharedResource.resx");
        var en = Load("SharedResource.en.resx");
        foreach (var (key, text) in nb)
        {
            var a = Placeholder().Matches(text).Select(m => m.Value).Order().ToList();
            var b = Placeholder().Matches(en[key]).Select(m => m.Value).Order().ToList();
            Assert.True(a.SequenceEqual(b), $"{key}: '{text}' vs '{en[key]}'");
        }
    }

    [Fact]
    public void EveryLiteralTextKeyInTheCode_ExistsInTheResources()
    {
        var keys = Load("SharedResource.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (Match match in KeyUse().Matches(source))
            {
                var key = match.Groups["key"].Value;
                if (!keys.Contains(key))
                {
                    missing.Add($"{Path.GetFileName(file)}: {key}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Missing texts (add with tools/texts.py):\n" + string.Join('\n', missing.Distinct()));
    }

    [Fact]
    public void TheNeutralResources_AreNorwegian()
    {
        var nb = Load("SharedResource.resx");
        Assert.Equal("Logg inn", nb["Login.Title"]);
        Assert.Equal("Log in", Load("SharedResource.en.resx")["Login.Title"]);
        Assert.Equal("nb", ((System.Resources.NeutralResourcesLanguageAttribute)Attribute.GetCustomAttribute(
            typeof(Ressursvenn.Web.SharedResource).Assembly, typeof(System.Resources.NeutralResourcesLanguageAttribute))!).CultureName);
        Assert.NotNull(CultureInfo.GetCultureInfo("nb-NO"));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ressursvenn.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Ressursvenn.slnx not found above the test assembly.");
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    /// <summary>T["Key"], T("Key"), ErrorMessage = "Key", Display(Name = "Key") with a dotted key.</summary>
    [GeneratedRegex(@"(?:\bT\[""|\bT\(""|ErrorMessage\s*=\s*""|Name\s*=\s*""|t\["")(?<key>[A-Z][A-Za-z]+\.[A-Za-z.]*[A-Za-z])""")]
    private static partial Regex KeyUse();
}
