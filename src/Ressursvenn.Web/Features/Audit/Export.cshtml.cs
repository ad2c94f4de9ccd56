using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Audit;

/// <summary>The filtered audit trail as CSV (UTF-8, semicolon-separated for Norwegian spreadsheets). The export is audited.</summary>
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

        var names = await AuditNames.UsersAsync(db);
        // Headers, actions, record kinds and details in the reader's language, times in Oslo (AuditLabels).
        var csv = new StringBuilder(string.Join(';', CsvColumns.Select(c => Cell(localizer["Audit.Csv." + c])))).Append('\n');
        await foreach (var e in Filter.Apply(db.AuditEntries.AsNoTracking()).OrderBy(e => e.Sequence).AsAsyncEnumerable())
        {
            var name = e.UserId is { } u && names.TryGetValue(u, out var n) ? n : string.Empty;
            csv.AppendLine(string.Join(';',
                e.Sequence.ToString(CultureInfo.InvariantCulture), AuditLabels.OsloTime(e.At), e.UserId?.ToString() ?? string.Empty,
                Cell(name), Cell(AuditLabels.Action(localizer, e.Action)), Cell(AuditLabels.Entity(localizer, e.EntityType)), e.EntityId?.ToString() ?? string.Empty,
                Cell(AuditLabels.Detail(localizer, e.Detail)), e.Hash));
        }

        audit.Record(AuditActions.AuditExported, nameof(AuditEntry), Filter.RecordId);
        await db.SaveChangesAsync();
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", "revisjonslogg.csv");
    }

    /// <summary>Quotes a cell, and defuses spreadsheet formulas (=, +, -, @ at the start).</summary>
    private static string Cell(string value)
    {
        var safe = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
