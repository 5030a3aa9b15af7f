namespace Tempo.Grains;

/// <summary>The one way grains write their state: all or nothing, as far as the activation can tell.</summary>
internal static class StateCommit
{
    /// <summary>
    /// Writes <paramref name="next"/> as the grain's state. On failure the previous state is put back and
    /// <paramref name="onFailure"/> runs (grains deactivate, so the next call reloads what storage holds).
    /// </summary>
    public static async Task CommitAsync<T>(this IPersistentState<T> state, T next, Action onFailure)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            onFailure();
            throw;
        }
    }
}
