using Tempo.Grains.Interfaces.Projects;

namespace Tempo.Grains.Projects;

/// <summary>
/// When an auto-sync schedule runs next: DAILY at the next midnight, WEEKLY at the next Monday midnight, both in
/// the schedule's time-zone offset (UTC when none), strictly after <c>now</c>. OFF never runs.
/// </summary>
public static class AutoSyncClock
{
    public static DateTimeOffset? Next(AutoSyncSchedule schedule, DateTimeOffset now)
    {
        if (schedule.Schedule == ProjectVocabulary.Off)
        {
            return null;
        }

        var offset = TimeSpan.FromHours(schedule.TimeZoneOffsetInHours ?? 0);
        var local = now.ToOffset(offset);
        var next = new DateTimeOffset(local.Date, offset).AddDays(1);
        if (schedule.Schedule == ProjectVocabulary.Weekly)
        {
            next = next.AddDays(((int)DayOfWeek.Monday - (int)next.DayOfWeek + 7) % 7);
        }

        return next.ToUniversalTime();
    }
}
