namespace Tempo.Grains.Tokens;

/// <summary>
/// How a token's expiry reminder ticks. The reminder is registered at the next due stage (7 days before, 1 day
/// before, at expiry), never further ahead than <see cref="LongestDue"/>, and then ticks every <see cref="Period"/>
/// until the tick has handed the stage over and re-armed it for the next one. The defaults suit production; tests
/// shorten both (with Orleans' <c>ReminderOptions.MinimumReminderPeriod</c>) so real reminders tick in seconds
/// while a fake clock decides which stage is due.
/// </summary>
public sealed class TokenExpiryReminderOptions
{
    /// <summary>The reminder's period; Orleans refuses less than its <c>MinimumReminderPeriod</c> (1 minute by default).</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest a reminder is set ahead; the tick re-arms it (in-memory reminders use timers of at most ~49 days).</summary>
    public TimeSpan LongestDue { get; set; } = TimeSpan.FromDays(30);
}
