using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Audit;

/// <summary>The filtered audit trail as CSV for spreadsheets (<see cref="SpreadsheetCsv"/>), streamed row by row. The export is audited.</summary>
public sealed class ExportModel(AppDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> localizer) : AppPageModel
{
    private static readonly string[] CsvColumns = ["Sequence", "At", "UserId", "User", "Action", "EntityType", "EntityId", "Detail", "Hash"];

    [BindProperty(SupportsGet = true)]
    public AuditFilter Filter { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!ModelState.IsValid)
        {
            return BadRequest();
        }

        // Audited before the file is sent; the file covers the trail up to the entry before this one, as it did when
        // the export was audited after reading it.
        var through = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence) ?? 0;
        audit.Record(AuditActions.AuditExported, nameof(AuditEntry), Filter.RecordId);
        await db.SaveChangesAsync();
        var names = await AuditNames.UsersAsync(db);
        var entries = Filter.Apply(db.AuditEntries.AsNoTracking()).Where(e => e.Sequence <= through).OrderBy(e => e.Sequence);
        return new CsvFileResult("revisjonslogg.csv", async (csv, ct) =>
        {
            // Headers, actions, record kinds and details in the reader's language, times in Oslo (AuditLabels).
            foreach (var column in CsvColumns)
            {
                csv.WriteField(localizer["Audit.Csv." + column], CsvQuoting.Always);
            }

            await csv.EndRecordAsync(ct);
            await foreach (var e in entries.AsAsyncEnumerable().WithCancellation(ct))
            {
                var name = e.UserId is { } u && names.TryGetValue(u, out var n) ? n : string.Empty;
                csv.WriteField(e.Sequence);
                csv.WriteField(AuditLabels.OsloTime(e.At));
                csv.WriteField(e.UserId);
                csv.WriteField(name, CsvQuoting.Always);
                csv.WriteField(AuditLabels.Action(localizer, e.Action), CsvQuoting.Always);
                csv.WriteField(AuditLabels.Entity(localizer, e.EntityType), CsvQuoting.Always);
                csv.WriteField(e.EntityId);
                csv.WriteField(AuditLabels.Detail(localizer, e.Detail), CsvQuoting.Always);
                csv.WriteField(e.Hash);
                await csv.EndRecordAsync(ct);
            }
        });
    }
}
