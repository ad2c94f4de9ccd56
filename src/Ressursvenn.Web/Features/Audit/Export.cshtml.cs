using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Audit;

/// <summary>The filtered audit trail as CSV (UTF-8, semicolon-separated for Norwegian spreadsheets). The export is audited.</summary>
public sealed class ExportModel(AppDbContext db, AuditTrail audit) : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public AuditFilter Filter { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (!ModelState.IsValid)
        {
            return BadRequest();
        }

        var names = await AuditNames.UsersAsync(db);
        var csv = new StringBuilder("sequence;at_utc;user_id;user;action;entity_type;entity_id;detail;hash\n");
        await foreach (var e in Filter.Apply(db.AuditEntries.AsNoTracking()).OrderBy(e => e.Sequence).AsAsyncEnumerable())
        {
            var name = e.UserId is { } u && names.TryGetValue(u, out var n) ? n : string.Empty;
            csv.AppendLine(string.Join(';',
                e.Sequence.ToString(CultureInfo.InvariantCulture), e.At.ToString("O", CultureInfo.InvariantCulture), e.UserId?.ToString() ?? string.Empty,
                Cell(name), e.Action, e.EntityType, e.EntityId?.ToString() ?? string.Empty, Cell(e.Detail ?? string.Empty), e.Hash));
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
