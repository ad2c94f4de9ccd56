using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Ressursvenn.Web.Domain.Volunteers;

namespace Ressursvenn.Web.Features.Volunteers;

// The forms of the screening steps, shared by her record page (bound under the form's name) and the JSON API (the
// request body). Their messages are resource keys, localised on the page by the data-annotation localizer and in the
// API by ApiValidation; the checks beyond these are VolunteerScreeningService's.

/// <summary>The interview and the suitability assessment.</summary>
public sealed class InterviewInput
{
    [Required(ErrorMessage = "Interview.HeldOnRequired")]
    [PlausibleDate(nameof(Domain.Input.PlausibleDates.Held))]
    [Display(Name = "Interview.HeldOn")]
    [Description("The day of the interview; not in the future.")]
    public DateOnly? HeldOn { get; set; }

    [Required(ErrorMessage = "Interview.SuitabilityRequired")]
    [Display(Name = "Interview.Suitability")]
    public Suitability? Suitability { get; set; }

    [StringLength(500, ErrorMessage = "Interview.JustificationTooLong")]
    [Display(Name = "Interview.Justification")]
    [Description("Why, in a few words (at most 500 characters).")]
    public string? Justification { get; set; }
}

/// <summary>A police certificate as seen: only its dates and purpose are kept, never a copy.</summary>
public sealed class CertificateInput
{
    [Required(ErrorMessage = "Certificate.ShownOnRequired")]
    [PlausibleDate(nameof(Domain.Input.PlausibleDates.Certificate))]
    [Display(Name = "Certificate.ShownOn")]
    [Description("The day she showed it; not in the future.")]
    public DateOnly? ShownOn { get; set; }

    [Required(ErrorMessage = "Certificate.IssuedOnRequired")]
    [PlausibleDate(nameof(Domain.Input.PlausibleDates.Certificate))]
    [Display(Name = "Certificate.IssuedOn")]
    [Description("The day it was issued: at most the set number of months (3 by default) before it was shown.")]
    public DateOnly? IssuedOn { get; set; }

    [Required(ErrorMessage = "Certificate.PurposeRequired")]
    [StringLength(200, ErrorMessage = "Certificate.PurposeTooLong")]
    [Display(Name = "Certificate.Purpose")]
    [Description("The purpose printed on the certificate.")]
    public string? Purpose { get; set; }
}

/// <summary>Why an application is rejected: a code, never free text.</summary>
public sealed class RejectInput
{
    [Required(ErrorMessage = "Volunteer.RejectReasonRequired")]
    [Display(Name = "Volunteer.RejectReason")]
    public VolunteerRejectReason? Reason { get; set; }
}
