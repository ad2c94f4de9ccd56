using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Admin.Settings;

/// <summary>
/// Who the programme accepts as participants (women by default; at least one) and the languages the referral,
/// intake, application and profile forms offer (at least one). A language no longer offered stays on the records
/// that have it. New forms use them at once.
/// </summary>
public sealed class ProgrammeModel(AppDbContext db, ProgrammeSettingsService settings, AuditTrail audit) : SettingsPageModel(db, settings, audit)
{
    /// <summary>The prefix of the form's fields.</summary>
    public const string Form = "Programme";

    protected override long PostedVersion => Programme.Version;

    protected override string PageUrl => "/admin/innstillinger/program";

    [BindProperty(Name = Form)]
    public ProgrammeInputModel Programme { get; set; } = new();

    public sealed class ProgrammeInputModel
    {
        [Display(Name = "Settings.ParticipantGenders")]
        public List<string> ParticipantGenders { get; set; } = [];

        [Display(Name = "Settings.LanguagesOffered")]
        public List<string> LanguagesOffered { get; set; } = [];

        public long Version { get; set; }
    }

    public IReadOnlyList<SelectListItem> GenderChoices =>
        Catalogues.Genders.Select(g => new SelectListItem(T("Gender." + g), g)).ToList();

    public IReadOnlyList<SelectListItem> LanguageChoices =>
        Catalogues.Languages.Select(l => new SelectListItem(T("Language." + l), l)).ToList();

    protected override void Fill(ProgrammeSettings current) => Programme = new()
    {
        ParticipantGenders = current.AcceptedGenders().ToList(),
        LanguagesOffered = current.OfferedLanguages().ToList(),
        Version = current.Version,
    };

    protected override void Check()
    {
        var input = Programme;
        if (input.ParticipantGenders.Count == 0)
        {
            ModelState.AddModelError("Programme.ParticipantGenders", T("Settings.GendersRequired"));
        }
        else if (!Catalogues.AllKnown(input.ParticipantGenders, Catalogues.Genders))
        {
            ModelState.AddModelError("Programme.ParticipantGenders", T("Common.UnknownChoice"));
        }

        if (input.LanguagesOffered.Count == 0)
        {
            ModelState.AddModelError("Programme.LanguagesOffered", T("Settings.LanguagesRequired"));
        }
        else if (!Catalogues.AllKnown(input.LanguagesOffered, Catalogues.Languages))
        {
            ModelState.AddModelError("Programme.LanguagesOffered", T("Common.UnknownChoice"));
        }
    }

    protected override void Write(ProgrammeSettings stored, List<string> changes)
    {
        var input = Programme;
        var genders = string.Join(',', Catalogues.Genders.Where(input.ParticipantGenders.Contains));
        var languages = string.Join(',', Catalogues.Languages.Where(input.LanguagesOffered.Contains));
        Apply(nameof(ProgrammeSettings.ParticipantGenders), stored.ParticipantGenders, genders, v => stored.ParticipantGenders = v, changes);
        Apply(nameof(ProgrammeSettings.LanguagesOffered), stored.LanguagesOffered, languages, v => stored.LanguagesOffered = v, changes);
    }
}
