using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain;
using Ressursvenn.Web.Infrastructure;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Admin.Settings;

/// <summary>
/// Matching (docs/domain.md §5, §4.3): the seven weights of the soft score, each a whole number 0–100 with at least one
/// above 0 (they are normalised, so only their proportions matter), the months from the start meeting to a match's
/// planned end (9–12) and how many women a volunteer may have at a time. New suggestions and plans use them at once; a
/// match already started keeps its end.
/// </summary>
public sealed class MatchingModel(AppDbContext db, ProgrammeSettingsService settings, AuditTrail audit) : SettingsPageModel(db, settings, audit)
{
    public const int MaxWeight = 100;
    public const int MinPlannedMonths = 9;
    public const int MaxPlannedMonths = 12;

    /// <summary>docs/domain.md §5.2: a volunteer has at most two women at a time.</summary>
    public const int MaxVolunteerCapacity = 2;

    /// <summary>The prefix of the form's fields.</summary>
    public const string Form = "Matching";

    private static readonly (string Key, string Message)[] Messages =
    [
        ("Matching.WeightDistance", "Settings.WeightRange"),
        ("Matching.WeightInterests", "Settings.WeightRange"),
        ("Matching.WeightAvailability", "Settings.WeightRange"),
        ("Matching.WeightExtraLanguages", "Settings.WeightRange"),
        ("Matching.WeightWishes", "Settings.WeightRange"),
        ("Matching.WeightExperience", "Settings.WeightRange"),
        ("Matching.WeightFairness", "Settings.WeightRange"),
        ("Matching.MatchPlannedMonths", "Settings.PlannedMonthsRange"),
        ("Matching.VolunteerMaxCapacity", "Settings.MaxCapacityRange"),
    ];

    protected override IEnumerable<(string Key, string Message)> RangeMessages => Messages;

    protected override long PostedVersion => Matching.Version;

    protected override string PageUrl => "/admin/innstillinger/kobling";

    [BindProperty(Name = Form)]
    public MatchingInputModel Matching { get; set; } = new();

    public sealed class MatchingInputModel
    {
        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightDistance")]
        public int? WeightDistance { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightInterests")]
        public int? WeightInterests { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightAvailability")]
        public int? WeightAvailability { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightExtraLanguages")]
        public int? WeightExtraLanguages { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightWishes")]
        public int? WeightWishes { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightExperience")]
        public int? WeightExperience { get; set; }

        [Required(ErrorMessage = "Settings.WeightRange")]
        [Range(0, MaxWeight, ErrorMessage = "Settings.WeightRange")]
        [Display(Name = "Settings.WeightFairness")]
        public int? WeightFairness { get; set; }

        [Required(ErrorMessage = "Settings.PlannedMonthsRange")]
        [Range(MinPlannedMonths, MaxPlannedMonths, ErrorMessage = "Settings.PlannedMonthsRange")]
        [Display(Name = "Settings.MatchPlannedMonths")]
        public int? MatchPlannedMonths { get; set; }

        [Required(ErrorMessage = "Settings.MaxCapacityRange")]
        [Range(1, MaxVolunteerCapacity, ErrorMessage = "Settings.MaxCapacityRange")]
        [Display(Name = "Settings.VolunteerMaxCapacity")]
        public int? VolunteerMaxCapacity { get; set; }

        public long Version { get; set; }

        /// <summary>The weights in the order of the form (and of the engine's score parts).</summary>
        public IEnumerable<int?> Weights() =>
            [WeightDistance, WeightInterests, WeightAvailability, WeightExtraLanguages, WeightWishes, WeightExperience, WeightFairness];
    }

    protected override void Fill(ProgrammeSettings current) => Matching = new()
    {
        WeightDistance = current.WeightDistance,
        WeightInterests = current.WeightInterests,
        WeightAvailability = current.WeightAvailability,
        WeightExtraLanguages = current.WeightExtraLanguages,
        WeightWishes = current.WeightWishes,
        WeightExperience = current.WeightExperience,
        WeightFairness = current.WeightFairness,
        MatchPlannedMonths = current.MatchPlannedMonths,
        VolunteerMaxCapacity = current.VolunteerMaxCapacity,
        Version = current.Version,
    };

    protected override void Check()
    {
        // At least one weight counts (only checked when every weight is a valid number): next to the first weight.
        var input = Matching;
        if (RangeMessages.Take(7).All(m => IsValid(m.Key)) && input.Weights().All(w => w is not null) && input.Weights().All(w => w == 0))
        {
            ModelState.AddModelError("Matching.WeightDistance", T("Settings.WeightsAllZero"));
        }
    }

    protected override void Write(ProgrammeSettings stored, List<string> changes)
    {
        var input = Matching;
        Apply(nameof(ProgrammeSettings.WeightDistance), stored.WeightDistance, input.WeightDistance!.Value, v => stored.WeightDistance = v, changes);
        Apply(nameof(ProgrammeSettings.WeightInterests), stored.WeightInterests, input.WeightInterests!.Value, v => stored.WeightInterests = v, changes);
        Apply(nameof(ProgrammeSettings.WeightAvailability), stored.WeightAvailability, input.WeightAvailability!.Value, v => stored.WeightAvailability = v, changes);
        Apply(nameof(ProgrammeSettings.WeightExtraLanguages), stored.WeightExtraLanguages, input.WeightExtraLanguages!.Value, v => stored.WeightExtraLanguages = v, changes);
        Apply(nameof(ProgrammeSettings.WeightWishes), stored.WeightWishes, input.WeightWishes!.Value, v => stored.WeightWishes = v, changes);
        Apply(nameof(ProgrammeSettings.WeightExperience), stored.WeightExperience, input.WeightExperience!.Value, v => stored.WeightExperience = v, changes);
        Apply(nameof(ProgrammeSettings.WeightFairness), stored.WeightFairness, input.WeightFairness!.Value, v => stored.WeightFairness = v, changes);
        Apply(nameof(ProgrammeSettings.MatchPlannedMonths), stored.MatchPlannedMonths, input.MatchPlannedMonths!.Value, v => stored.MatchPlannedMonths = v, changes);
        Apply(nameof(ProgrammeSettings.VolunteerMaxCapacity), stored.VolunteerMaxCapacity, input.VolunteerMaxCapacity!.Value, v => stored.VolunteerMaxCapacity = v, changes);
    }
}
