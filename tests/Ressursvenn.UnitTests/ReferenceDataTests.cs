using Ressursvenn.Web.Infrastructure.ReferenceData;

namespace Ressursvenn.UnitTests;

/// <summary>The shipped reference data is whole and plausible (the app loads it at start).</summary>
public sealed class ReferenceDataTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "ReferenceData", "norway");

    [Fact]
    public void Municipalities_Are357_In15Counties_WithPositionsInNorway()
    {
        var rows = ReferenceDataFiles.Municipalities(Folder);
        Assert.Equal(357, rows.Count);
        Assert.Equal(15, rows.Select(r => r.CountyCode).Distinct().Count());
        Assert.All(rows, r =>
        {
            Assert.Matches("^[0-9]{4}$", r.Code);
            Assert.InRange(r.Latitude, 57.9, 71.2);
            Assert.InRange(r.Longitude, 4.5, 31.2);
        });
        Assert.Equal(("0301", "Oslo", "03"), rows.Select(r => (r.Code, r.Name, r.CountyCode)).First());
    }

    [Fact]
    public void PostalCodes_PointToKnownMunicipalities_ExceptSvalbardAndJanMayen()
    {
        var municipalities = ReferenceDataFiles.Municipalities(Folder).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var rows = ReferenceDataFiles.PostalCodes(Folder);
        Assert.Equal(5121, rows.Count);
        Assert.Equal(("0001", "Oslo", "0301"), rows.Select(r => (r.Code, r.Place, r.MunicipalityCode)).First());
        Assert.Contains(rows, r => r is { Code: "1553", Latitude: null, Longitude: null });
        var outside = rows.Where(r => !municipalities.Contains(r.MunicipalityCode)).Select(r => r.MunicipalityCode).Distinct().Order().ToList();
        Assert.Equal(["2100", "2211"], outside);
    }

    [Fact]
    public void DataSet_CarriesAVersion_AndItsLicence()
    {
        Assert.False(string.IsNullOrWhiteSpace(File.ReadAllText(Path.Combine(Folder, "VERSION"))));
        Assert.Contains("MIT", File.ReadAllText(Path.Combine(Folder, "LICENSE-norway-geodata-MIT.txt")), StringComparison.Ordinal);
    }
}
