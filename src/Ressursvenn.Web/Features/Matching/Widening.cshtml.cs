using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Matching;

namespace Ressursvenn.Web.Features.Matching;

/// <summary>
/// Requests from neighbouring associations to suggest this coordinator's volunteers for a woman they follow
/// (docs/domain.md §5 rule 5). She reads only the anonymised summary kept on the request — area, languages, interests,
/// needs; never a name or a way to reach her — and agrees or refuses; an answer given meanwhile by another coordinator
/// is never overwritten.
/// </summary>
public sealed class WideningModel(AppDbContext db, DataScope scope, WideningService widening, GeoIndex geo) : AppPageModel
{
    public sealed record Row(
        Guid Id, long Version, string From, string Area, AnonymisedWoman Summary, WideningStatus Status, DateOnly RequestedOn, DateOnly? AnsweredOn);

    public IReadOnlyList<Row> Pending { get; private set; } = [];

    public IReadOnlyList<Row> Answered { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostAnswerAsync(Guid requestId, long version, bool agree)
    {
        var request = await widening.FindForPartnerAsync(requestId, HttpContext.RequestAborted);
        if (request is null)
        {
            return Denied();
        }

        var user = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (Guid?)null;
        if (await widening.AnswerAsync(request, version, agree, user, HttpContext.RequestAborted) is { } refused)
        {
            ModelState.AddModelError(string.Empty, T(refused));
            return await ShowAsync();
        }

        StatusMessage = T(agree ? "Widening.Agreed" : "Widening.Refused");
        return Redirect("/utvidet-sok");
    }

    private async Task<IActionResult> ShowAsync()
    {
        var ct = HttpContext.RequestAborted;
        IReadOnlyList<Guid> mine = scope.IsSystem ? [] : scope.AssociationIds;
        var requests = await db.WideningRequests.AsNoTracking().Where(w => mine.Contains(w.PartnerAssociationId))
            .OrderByDescending(w => w.CreatedAt).ToListAsync(ct);
        var askers = requests.Select(r => r.AssociationId).Distinct().ToList();
        var names = await db.Associations.AsNoTracking().Where(a => askers.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var places = await geo.GetAsync(ct);
        var counties = await db.Counties.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        var rows = requests.Select(r =>
        {
            var summary = r.Summary;
            var area = summary.MunicipalityCode is { } m && places.Municipalities.TryGetValue(m, out var place) ? place.Name
                : summary.CountyCode is { } c ? counties.GetValueOrDefault(c, c) : "–";
            return new Row(r.Id, r.Version, names.GetValueOrDefault(r.AssociationId, "–"), area, summary, r.Status,
                WorkingDays.OsloDate(r.CreatedAt), r.AnsweredAt is { } at ? WorkingDays.OsloDate(at) : null);
        }).ToList();
        Pending = rows.Where(r => r.Status == WideningStatus.Requested).ToList();
        Answered = rows.Where(r => r.Status != WideningStatus.Requested).ToList();
        return Page();
    }
}
