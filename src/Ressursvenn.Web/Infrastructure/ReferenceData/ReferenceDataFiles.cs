using System.Globalization;
using CsvHelper;

namespace Ressursvenn.Web.Infrastructure.ReferenceData;

/// <summary>A municipality row of <c>municipalities.csv</c>, with its county.</summary>
public sealed record MunicipalityRow(string Code, string Name, string CountyCode, string CountyName, int Population, double Latitude, double Longitude);

/// <summary>A row of <c>postal-codes.csv</c>; a few codes have no position.</summary>
public sealed record PostalCodeRow(string Code, string Place, string MunicipalityCode, double? Latitude, double? Longitude);

/// <summary>
/// Reads the shipped reference-data files: RFC 4180 CSV, comma-separated, with a header row whose column names are
/// what is read (not the column order). Codes stay text (leading zeros); numbers are read with the invariant culture.
/// </summary>
public static class ReferenceDataFiles
{
    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        Separator = ',',
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public static List<MunicipalityRow> Municipalities(string folder) =>
        Read(Path.Combine(folder, "municipalities.csv"), csv => new MunicipalityRow(
            csv.GetString("municipality_code"), csv.GetString("name"), csv.GetString("county_code"), csv.GetString("county_name"),
            csv.Parse<int>("population"), csv.Parse<double>("latitude"), csv.Parse<double>("longitude")));

    public static List<PostalCodeRow> PostalCodes(string folder) =>
        Read(Path.Combine(folder, "postal-codes.csv"), csv => new PostalCodeRow(
            csv.GetString("postal_code"), csv.GetString("place"), csv.GetString("municipality_code"),
            Optional(csv, "latitude"), Optional(csv, "longitude")));

    private static double? Optional(CsvReader csv, string column) =>
        csv.GetString(column).Length == 0 ? null : csv.Parse<double>(column);

    private static List<T> Read<T>(string path, Func<CsvReader, T> row)
    {
        using var csv = CsvReader.Create(File.OpenRead(path), Options);
        var rows = new List<T>();
        while (csv.Read())
        {
            rows.Add(row(csv));
        }

        return rows;
    }
}
