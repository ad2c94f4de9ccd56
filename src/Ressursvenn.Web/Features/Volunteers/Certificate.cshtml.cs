using Microsoft.AspNetCore.Mvc;
using Ressursvenn.Web.Data;
using Ressursvenn.Web.Domain.Volunteers;
using Ressursvenn.Web.Security;

namespace Ressursvenn.Web.Features.Volunteers;

/// <summary>A police certificate as seen: only its dates and purpose are kept, never a copy (docs/domain.md §4.1).</summary>
public sealed class CertificateModel(
    AppDbContext db, AuditTrail audit, TimeProvider clock, VolunteerScreeningService screening, Infrastructure.ProgrammeSettingsService settings)
    : VolunteerFormPageModel(db, audit, clock, screening)
{
    private const string Form = nameof(Certificate);

    [BindProperty(Name = Form)]
    public CertificateInput Certificate { get; set; } = new();

    /// <summary>The months a certificate may be old when shown (the hint).</summary>
    public int MaxAgeMonths { get; private set; }

    protected override string DoneMessage => "Certificate.Saved";

    protected override Task FillAsync()
    {
        Certificate = new CertificateInput
        {
            ShownOn = Volunteer.PoliceCertificate?.ShownOn,
            IssuedOn = Volunteer.PoliceCertificate?.IssuedOn,
            Purpose = Volunteer.PoliceCertificate?.Purpose ?? T("Certificate.DefaultPurpose"),
        };
        return Task.CompletedTask;
    }

    protected override async Task PrepareAsync() =>
        MaxAgeMonths = (await settings.GetAsync(HttpContext.RequestAborted)).PoliceCertificateMaxAgeMonths;

    protected override async Task<VolunteerStep?> CheckAsync()
    {
        Require(Certificate.ShownOn, "Certificate.ShownOn", "Certificate.ShownOnRequired");
        Require(Certificate.IssuedOn, "Certificate.IssuedOn", "Certificate.IssuedOnRequired");
        Require(string.IsNullOrWhiteSpace(Certificate.Purpose) ? null : Certificate.Purpose, "Certificate.Purpose", "Certificate.PurposeRequired");
        var policy = await settings.GetAsync(HttpContext.RequestAborted);
        AddErrors(Form, Screening.CheckCertificate(Certificate, policy));
        return ModelState.IsValid ? Screening.RecordCertificate(Certificate, CurrentUserId, policy) : null;
    }
}
