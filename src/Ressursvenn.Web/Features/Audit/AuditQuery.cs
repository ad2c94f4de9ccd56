using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Calendar;

namespace Ressursvenn.Web.Features.Audit;

/// <summary>The audit-trail filter (by user, record and period, Oslo dates), shared by the list and the export. No personal data in it.</summary>
public sealed class AuditFilter
{
    [FromQuery(Name = "bruker")]
    public Guid? UserId { get; set; }

    [FromQuery(Name = "post")]
    public Guid? RecordId { get; set; }

    [FromQuery(Name = "fra")]
    public DateOnly? From { get; set; }

    [FromQuery(Name = "til")]
    public DateOnly? To { get; set; }

    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (UserId is { } user)
        {
            entries = entries.Where(e => e.UserId == user);
        }

        if (RecordId is { } record)
        {
            entries = entries.Where(e => e.EntityId == record);
        }

        if (From is { } from)
        {
            var start = StartOfOsloDay(from);
            entries = entries.Where(e => e.At >= start);
        }

        if (To is { } to)
        {
            var end = StartOfOsloDay(to.AddDays(1));
            entries = entries.Where(e => e.At < end);
        }

        return entries;
    }

    /// <summary>The query string for links (paging, export): ids and dates only.</summary>
    public string QueryString(int? page = null)
    {
        var parts = new List<string>();
        if (UserId is { } u)
        {
            parts.Add($"bruker={u}");
        }

        if (RecordId is { } r)
        {
            parts.Add($"post={r}");
        }

        if (From is { } f)
        {
            parts.Add($"fra={f:yyyy-MM-dd}");
        }

        if (To is { } t)
        {
            parts.Add($"til={t:yyyy-MM-dd}");
        }

        if (page is > 1)
        {
            parts.Add($"side={page}");
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts.Select(p => p.ToString(CultureInfo.InvariantCulture)));
    }

    private static DateTime StartOfOsloDay(DateOnly date) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue), WorkingDays.Oslo);
}

/// <summary>Display names of the users in the trail, decrypted through the entities (never projected in SQL).</summary>
public static class AuditNames
{
    public static async Task<Dictionary<Guid, string>> UsersAsync(AppDbContext db) =>
        (await db.Users.AsNoTracking().ToListAsync()).ToDictionary(u => u.Id, u => u.DisplayName);
}
