using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Domain.Calendar;

namespace Ressursvenn.Web.Features.Shared;

/// <summary>
/// What every data-subject export (GDPR art. 15: a participant's, a volunteer's) answers the same way: never cached,
/// and the JSON download under a neutral file name — the date only, never a name (download lists and folders are seen
/// by others). Nothing is written to disk.
/// </summary>
public static class DataSubjectExport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Norwegian letters stay readable; characters that matter in HTML are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>Marks the response as never to be stored by the browser or a proxy.</summary>
    public static void NoStore(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    /// <summary>The document as an indented JSON download named "innsyn-{date}.json".</summary>
    public static FileContentResult JsonDownload(HttpResponse response, object document, DateTime exportedAt)
    {
        NoStore(response);
        return new FileContentResult(JsonSerializer.SerializeToUtf8Bytes(document, Json), "application/json; charset=utf-8")
        {
            FileDownloadName = $"innsyn-{WorkingDays.OsloDate(exportedAt):yyyy-MM-dd}.json",
        };
    }
}
