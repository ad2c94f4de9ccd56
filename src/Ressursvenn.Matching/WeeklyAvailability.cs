using System.Numerics;

namespace Ressursvenn.Matching;

public enum PartOfDay { Morning = 0, Afternoon = 1, Evening = 2 }

/// <summary>Weekday × part of day as a bit set (7 × 3 = 21 bits; bit = day * 3 + part, Monday = day 0).</summary>
public readonly record struct WeeklyAvailability(uint Bits)
{
    public const int SlotCount = 21;

    public static WeeklyAvailability None => default;

    public static WeeklyAvailability All => new((1u << SlotCount) - 1);

    public WeeklyAvailability With(DayOfWeek day, PartOfDay part) => new(Bits | (1u << Slot(day, part)));

    public bool Has(DayOfWeek day, PartOfDay part) => (Bits & (1u << Slot(day, part))) != 0;

    public int Count => BitOperations.PopCount(Bits);

    public static int Slot(DayOfWeek day, PartOfDay part) => (((int)day + 6) % 7 * 3) + (int)part;
}
