namespace Tempo.Grains.Interfaces.Periods;

/// <summary>Whether approval periods are weeks or months.</summary>
[GenerateSerializer, Alias("tempo.ApprovalPeriodKind")]
public enum ApprovalPeriodKind : byte
{
    Monthly = 0,
    Weekly = 1,
}

/// <summary>
/// A tenant's period configuration. Monthly periods start on <see cref="MonthStartDay"/> of every month (1..28);
/// <see cref="MonthStartMonth"/> (1 = January or 12 = December) only says which period is the first of a year and
/// never moves a boundary. Weekly periods start on <see cref="WeekStartDay"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("tempo.PeriodSettings")]
public sealed record PeriodSettings(
    [property: Id(0)] ApprovalPeriodKind Kind,
    [property: Id(1)] DayOfWeek WeekStartDay,
    [property: Id(2)] int MonthStartDay,
    [property: Id(3)] int MonthStartMonth)
{
    /// <summary>Calendar months, weeks from Monday when switched to weekly: Tempo's default.</summary>
    public static PeriodSettings Default { get; } = new(ApprovalPeriodKind.Monthly, DayOfWeek.Monday, 1, 1);
}

/// <summary>One approval period, both days inclusive.</summary>
[GenerateSerializer, Immutable, Alias("tempo.ApprovalPeriod")]
public readonly record struct ApprovalPeriod([property: Id(0)] DateOnly From, [property: Id(1)] DateOnly To)
{
    public bool Contains(DateOnly day) => From <= day && day <= To;
}

/// <summary>The period arithmetic of a configuration: pure, shared by grains, the API and tests.</summary>
public static class PeriodRules
{
    /// <summary>The most periods one listing answers (about 20 years of months, or 4 of weeks).</summary>
    public const int MaxPeriods = 250;

    public static ApprovalPeriod Containing(PeriodSettings settings, DateOnly day)
    {
        if (settings.Kind == ApprovalPeriodKind.Weekly)
        {
            var back = ((int)day.DayOfWeek - (int)settings.WeekStartDay + 7) % 7;
            var start = day.AddDays(-back);
            return new ApprovalPeriod(start, start.AddDays(6));
        }

        var from = new DateOnly(day.Year, day.Month, settings.MonthStartDay);
        if (day.Day < settings.MonthStartDay)
        {
            from = from.AddMonths(-1);
        }

        return new ApprovalPeriod(from, from.AddMonths(1).AddDays(-1));
    }

    /// <summary>Whether an approval period starts on <paramref name="day"/>.</summary>
    public static bool StartsOn(PeriodSettings settings, DateOnly day) => Containing(settings, day).From == day;

    /// <summary>Every period overlapping <paramref name="from"/>..<paramref name="to"/> (inclusive), in date order, at most <see cref="MaxPeriods"/>.</summary>
    public static ImmutableArray<ApprovalPeriod> Overlapping(PeriodSettings settings, DateOnly from, DateOnly to)
    {
        var periods = ImmutableArray.CreateBuilder<ApprovalPeriod>();
        if (from > to)
        {
            return periods.ToImmutable();
        }

        var period = Containing(settings, from);
        while (period.From <= to && periods.Count < MaxPeriods)
        {
            periods.Add(period);
            if (period.To == DateOnly.MaxValue)
            {
                break;
            }

            period = Containing(settings, period.To.AddDays(1));
        }

        return periods.ToImmutable();
    }
}
