using System.Globalization;

namespace Ressursvenn.UnitTests;

/// <summary>The shipped reference data is whole and plausible (the app loads it at start).</summary>
public sealed class ReferenceDataTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "ReferenceData", "norway");

    private static List<string[]> Rows(string file) =>
        File.ReadLines(Path.Combine(Folder, file)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();

    [Fact]
    public void Municipalities_Are357_In15Counties_WithPositionsInNorway()
    {
        var rows = Rows("municipalities.csv");
        Assert.Equal(357, rows.Count);
        Assert.Equal(15, rows.Select(r => r[2]).Distinct().Count());
        Assert.All(rows, r =>
        {
            Assert.Matches("^[0-9]{4}$", r[0]);
            var lat = double.Parse(r[5], CultureInfo.InvariantCulture);
            var lon = double.Parse(r[6], CultureInfo.InvariantCulture);
            Assert.InRange(lat, 57.9, 71.2);
            Assert.InRange(lon, 4.5, 31.2);
        });
    }

    [Fact]
    public void PostalCodes_PointToKnownMunicipalities_ExceptSvalbardAndJanMayen()
    {
        var municipalities = Rows("municipalities.csv").Select(r => r[0]).ToHashSet(StringComparer.Ordinal);
        var rows = Rows("postal-codes.csv");
        Assert.Equal(5121, rows.Count);
        var outside = rows.Where(r => !municipalities.Contains(r[2])).Select(r => r[2]).Distinct().Order().ToList();
        Assert.Equal(["2100", "2211"], outside);
    }

    [Fact]
    public void DataSet_CarriesAVersion_AndItsLicence()
    {
        Assert.False(string.IsNullOrWhiteSpace(File.ReadAllText(Path.Combine(Folder, "VERSION"))));
        Assert.Contains("MIT", File.ReadAllText(Path.Combine(Folder, "LICENSE-norway-geodata-MIT.txt")), StringComparison.Ordinal);
    }
}
