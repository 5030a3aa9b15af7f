namespace Tempo.Grains.Tests;

/// <summary>Waits of the lease tests for a grain's call to a holder the test plays (bounded: a lost call fails, it does not hang the run).</summary>
public static class HolderCalls
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits until the grain asked the holder (<paramref name="asked"/>) while <paramref name="operation"/> runs; fails
    /// with what the operation answered when it answered without asking, or when neither happened in 30 s.
    /// </summary>
    public static async Task AssertAskedBeforeAnsweredAsync<T>(Task asked, Task<T> operation, string what)
    {
        var first = await Task.WhenAny(asked, operation, Task.Delay(Bound));
        if (first == asked)
        {
            return;
        }

        Assert.Fail(first == operation
            ? $"{what} answered without asking the holder: {(operation.IsCompletedSuccessfully ? operation.Result : operation.Exception?.GetBaseException().Message)}"
            : $"{what} neither asked the holder nor answered in {Bound.TotalSeconds} s");
    }
}
