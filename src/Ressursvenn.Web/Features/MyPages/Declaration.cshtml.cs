using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Audit;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.MyPages;

/// <summary>
/// The confidentiality declaration (taushetserklæring, docs/domain.md §4.1): she reads the text of the current version,
/// ticks that she has read and accepts it, and signs; the signature keeps the version and the time. The duty lasts
/// after she leaves, and the page says so.
/// </summary>
public sealed class DeclarationModel(AppDbContext db, MyVolunteer mine, AuditTrail audit, TimeProvider clock, Volunteers.VolunteerScreeningService screening)
    : MyPageModel(db, mine, audit, clock)
{
    /// <summary>The paragraphs of the declaration's text (resource texts "Declaration.Text.{n}").</summary>
    public const int Paragraphs = 6;

    [BindProperty]
    [Display(Name = "MyPages.DeclarationAccept")]
    public bool Accept { get; set; }

    [BindProperty]
    public long Version { get; set; }

    /// <summary>Her signature of the current version, if she has signed it.</summary>
    public DeclarationSignature? Signature => Me?.Declarations.Where(d => d.TextVersion == DeclarationSignature.CurrentTextVersion).OrderBy(d => d.SignedAt).FirstOrDefault();

    /// <summary>Her newest signature of an earlier version, when the current one is not signed.</summary>
    public DeclarationSignature? Earlier => Signature is null ? Me?.Declarations.OrderByDescending(d => d.SignedAt).FirstOrDefault() : null;

    public bool CanSign => Me is { } me && Signature is null && !MyVolunteer.IsEnded(me.Status);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await OpenAsync())
        {
            Version = Me!.Version;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await OpenAsync())
        {
            return Page();
        }

        var me = Me!;
        if (Signature is not null)
        {
            // Signed already (a second tab, a double click): nothing to add.
            return BackHome();
        }

        if (!CanSign)
        {
            ModelState.AddModelError(string.Empty, T("MyPages.EndedNoChanges"));
            return Page();
        }

        if (!Accept)
        {
            ModelState.AddModelError(nameof(Accept), T("MyPages.DeclarationAcceptRequired"));
            return Page();
        }

        if (!await RunMineAsync(screening, Version, screening.SignDeclaration()))
        {
            return Page();
        }

        StatusMessage = T("MyPages.DeclarationThanks");
        return BackHome();
    }
}
