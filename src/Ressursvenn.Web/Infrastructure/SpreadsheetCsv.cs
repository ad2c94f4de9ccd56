using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Ressursvenn.Web.Infrastructure;

/// <summary>
/// CSV for people who open it in a spreadsheet (Excel, LibreOffice) with Norwegian settings: UTF-8 with a byte order
/// mark, semicolon-separated, RFC 4180 quoting. A text cell that starts with = + - @, a tab or a carriage return is
/// prefixed with an apostrophe (and quoted), so a spreadsheet shows it as text instead of running it as a formula
/// (OWASP, CSV injection). Numbers, dates and ids written as such are left alone.
/// </summary>
public static class SpreadsheetCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static CsvWriterOptions Options { get; } = CsvWriterOptions.Default with
    {
        Separator = ';',
        NewLine = "\n",
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    /// <summary>A writer onto <paramref name="stream"/>, which stays open; dispose the writer (asynchronously) to flush it.</summary>
    public static CsvWriter Create(Stream stream) => CsvWriter.Create(stream, Options, leaveOpen: true);
}

/// <summary>
/// A CSV download written straight to the response body as its rows are produced (<see cref="SpreadsheetCsv"/>), so
/// a long file is never held in memory whole. Whatever must happen before the file is sent (an audit entry) is done
/// before this result is returned: once the first bytes are out, the response can no longer become an error page.
/// </summary>
public sealed class CsvFileResult(string fileName, Func<CsvWriter, CancellationToken, Task> writeRows) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.ContentType = SpreadsheetCsv.ContentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        await using var csv = SpreadsheetCsv.Create(response.Body);
        await writeRows(csv, context.HttpContext.RequestAborted);
    }
}
