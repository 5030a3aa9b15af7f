namespace Tempo.Grains.Interfaces.Paging;

/// <summary>Tempo's offset paging: skip <see cref="Offset"/> items, return at most <see cref="Limit"/>.</summary>
[GenerateSerializer, Immutable, Alias("tempo.PageRequest")]
public readonly record struct PageRequest([property: Id(0)] int Offset, [property: Id(1)] int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 5000;

    public static PageRequest All { get; } = new(0, int.MaxValue);

    /// <summary>Takes this page out of an ordered sequence and says whether anything follows it.</summary>
    public Page<T> Of<T>(IEnumerable<T> ordered)
    {
        var items = ordered.Skip(Offset).Take(Limit == int.MaxValue ? int.MaxValue : Limit + 1).ToList();
        var hasMore = Limit != int.MaxValue && items.Count > Limit;
        if (hasMore)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new Page<T>([.. items], hasMore);
    }
}

/// <summary>One page of an ordered list; <see cref="HasMore"/> when a next page exists.</summary>
[GenerateSerializer, Immutable, Alias("tempo.Page`1")]
public sealed record Page<T>([property: Id(0)] ImmutableArray<T> Items, [property: Id(1)] bool HasMore);
