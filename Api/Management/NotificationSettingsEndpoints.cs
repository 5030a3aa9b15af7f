using System.Text.Json.Serialization;
using Tempo.Api.Auth;
using Tempo.Api.Conventions;
using Tempo.Api.Errors;
using Tempo.Grains.Interfaces.Notifications;

namespace Tempo.Api.Management;

/// <summary>
/// <c>GET/PUT /settings/notifications</c>: the tenant's webhook for token notifications (expiry reminders, leaked
/// tokens), for tenant administrators. The signing secret is write-only: GET says whether one is set.
/// </summary>
public static class NotificationSettingsEndpoints
{
    public static IEndpointRouteBuilder MapNotificationSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/settings")
            .RequireAuthorization(ManagementAuthorization.SignedInUser)
            .WithTags("Settings");
        group.MapGet("/notifications", GetSettings)
            .WithName("getNotificationSettings").WithSummary("The tenant's notification webhook URL, and whether a signing secret is set");
        group.MapPut("/notifications", PutSettings)
            .WithName("setNotificationSettings").WithSummary("Sets the tenant's notification webhook URL and signing secret (tenant administrators)");
        return app;
    }

    private static async Task<Results<Ok<NotificationSettingsResponse>, JsonHttpResult<ErrorBody>>> GetSettings(SignedInUser user, IGrainFactory grains)
    {
        if (!user.Admin)
        {
            return TempoResults.Forbidden(AdminsOnly);
        }

        var settings = await Notifications(grains, user).GetAsync();
        return TypedResults.Ok(new NotificationSettingsResponse(settings.Url, settings.HasSecret));
    }

    private static async Task<Results<Ok<NotificationSettingsResponse>, BadRequest<ErrorBody>, JsonHttpResult<ErrorBody>>> PutSettings(
        NotificationSettingsRequest? request, SignedInUser user, IGrainFactory grains)
    {
        if (!user.Admin)
        {
            return TempoResults.Forbidden(AdminsOnly);
        }

        if (request is null)
        {
            return TempoResults.BadRequest("A JSON body with 'url' and 'secret' is required.");
        }

        var result = await Notifications(grains, user).SetAsync(request.Url, request.Secret);
        return result.IsOk
            ? TypedResults.Ok(new NotificationSettingsResponse(result.Value!.Url, result.Value.HasSecret))
            : TempoResults.BadRequest(result.Error ?? "The settings could not be saved.");
    }

    private const string AdminsOnly = "Only tenant administrators may read or change notification settings.";

    private static INotificationsGrain Notifications(IGrainFactory grains, SignedInUser user) =>
        grains.Reference<INotificationsGrain>(NotificationGrainKeys.For(user.Tenant));
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NotificationSettingsRequest(string? Url, string? Secret);

public sealed record NotificationSettingsResponse(string? Url, bool HasSecret);
