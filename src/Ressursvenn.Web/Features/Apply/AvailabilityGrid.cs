namespace Ressursvenn.Web.Features.Apply;

/// <summary>
/// The weekday × part-of-day grid of the application form as the bit set stored in
/// <see cref="Domain.Volunteers.Volunteer.Availability"/>: bit = dayIndex * 3 + part, Monday = day 0, and
/// morning = 0, afternoon = 1, evening = 2 (Monday morning = bit 0, Sunday evening = bit 20), as the matching engine reads it.
/// </summary>
public static class AvailabilityGrid
{
    public const int Parts = 3;

    public const int SlotCount = 7 * Parts;

    /// <summary>The days in the grid's order; the resource text of each is "Apply.Day.{DayOfWeek}".</summary>
    public static readonly IReadOnlyList<DayOfWeek> Days =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>The parts of the day in the grid's order; the resource text of each is "Apply.Part.{name}".</summary>
    public static readonly IReadOnlyList<string> PartNames = ["Morning", "Afternoon", "Evening"];

    public static int Slot(int dayIndex, int part) => (dayIndex * Parts) + part;

    public static bool IsSlot(int slot) => slot is >= 0 and < SlotCount;

    public static int ToBits(IEnumerable<int> slots) =>
        slots.Where(IsSlot).Aggregate(0, (bits, slot) => bits | (1 << slot));

    public static IReadOnlyList<int> FromBits(int bits) =>
        Enumerable.Range(0, SlotCount).Where(slot => (bits & (1 << slot)) != 0).ToList();

    /// <summary>
    /// What the shared partial <c>/Features/Apply/_AvailabilityGrid.cshtml</c> renders: a fieldset with a table of 21
    /// checkboxes (each named by its day and part-of-day headers) posting their slot numbers as <see cref="Name"/>,
    /// ticked for <see cref="Selected"/>, with the field's error from the model state. Works without JavaScript.
    /// </summary>
    /// <param name="Name">The bound field, e.g. "Input.Availability" (a list of slot numbers).</param>
    /// <param name="Legend">The fieldset's legend (already localised).</param>
    /// <param name="Hint">The hint under the legend (already localised).</param>
    /// <param name="Caption">The table's caption (already localised).</param>
    /// <param name="Selected">The ticked slots.</param>
    public sealed record Field(string Name, string Legend, string Hint, string Caption, IReadOnlyCollection<int> Selected);
}
