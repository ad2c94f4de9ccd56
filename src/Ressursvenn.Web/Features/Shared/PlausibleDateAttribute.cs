using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Localization;
using Ressursvenn.Web.Domain.Calendar;
using Ressursvenn.Web.Domain.Input;

namespace Ressursvenn.Web.Features.Shared;

/// <summary>
/// A date field must fall in its plausible range (<see cref="PlausibleDates"/>, relative to today in Oslo): a year
/// 0001 or 9999 is a typing slip, not a fact, and is refused with the range in the message (SR22). Used by the pages'
/// model validation and by the API's <c>ApiValidation.AddAnnotations</c> alike; the message comes localised from the
/// request's localizer, so the range's dates can be part of it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlausibleDateAttribute(string range) : ValidationAttribute
{
    public string Range { get; } = range;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (value is not DateOnly date)
        {
            return ValidationResult.Success;
        }

        var clock = validationContext.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        var today = WorkingDays.OsloDate(clock.GetUtcNow());
        var range = PlausibleDates.Named(Range);
        if (range.Contains(date, today))
        {
            return ValidationResult.Success;
        }

        var (from, to) = (range.Earliest(today).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), range.Latest(today).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
        var message = validationContext.GetService(typeof(IStringLocalizer<SharedResource>)) is IStringLocalizer t
            ? t["Validation.DateRange", from, to].Value
            : string.Format(CultureInfo.InvariantCulture, "The date must be between {0} and {1}.", from, to);
        return new ValidationResult(message, validationContext.MemberName is { } member ? [member] : null);
    }
}
