using System.Text.Json.Serialization;

namespace Tempo.Api.Conventions;

/// <summary>Tempo's offset-paged envelope. <c>next</c> and <c>previous</c> are left out, not null, where there is none.</summary>
public sealed record PagedResults<T>(string Self, PageMetadata Metadata, IReadOnlyList<T> Results);

public sealed record PageMetadata(
    int Count,
    int Offset,
    int Limit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Previous);

/// <summary>Tempo's unpaged list envelope.</summary>
public sealed record ListResults<T>(string Self, CountMetadata Metadata, IReadOnlyList<T> Results)
{
    public static ListResults<T> Of(HttpRequest request, IReadOnlyList<T> results) =>
        new(Links.RequestUrl(request), new CountMetadata(results.Count), results);
}

public sealed record CountMetadata(int Count);

/// <summary>A link to a sub-collection or object: <c>{"self": url}</c>.</summary>
public sealed record SelfLink(string Self);
