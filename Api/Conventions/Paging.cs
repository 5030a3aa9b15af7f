using Tempo.Grains.Interfaces.Paging;

namespace Tempo.Api.Conventions;

/// <summary>Reads <c>offset</c> and <c>limit</c> and writes the paged envelope, the same for every namespace.</summary>
public static class Paging
{
    /// <summary>Defaults 0 and 50; a limit above 5000 is capped at 5000; negative values or a zero limit are refused.</summary>
    public static bool TryRead(int? offset, int? limit, out PageRequest page, out string? error)
    {
        page = default;
        error = offset < 0 ? "'offset' must be at least 0."
            : limit < 1 ? "'limit' must be at least 1."
            : null;
        if (error is not null)
        {
            return false;
        }

        page = new PageRequest(offset ?? 0, Math.Min(limit ?? PageRequest.DefaultLimit, PageRequest.MaxLimit));
        return true;
    }

    public static PagedResults<TOut> Envelope<TIn, TOut>(HttpRequest request, PageRequest page, Page<TIn> items, Func<TIn, TOut> map)
    {
        var next = items.HasMore ? Links.WithPage(request, page.Offset + page.Limit, page.Limit) : null;
        var previous = page.Offset > 0 ? Links.WithPage(request, Math.Max(0, page.Offset - page.Limit), page.Limit) : null;
        var results = items.Items.Select(map).ToArray();
        return new PagedResults<TOut>(Links.RequestUrl(request), new PageMetadata(results.Length, page.Offset, page.Limit, next, previous), results);
    }
}
