using Tempo.Grains.Interfaces.Projects;

namespace Tempo.Grains.Projects;

/// <summary>A stored project joined with the tenant's attribute definitions and the clock, as answers show it.</summary>
internal static class ProjectViews
{
    /// <summary>Values of attributes that no longer exist are left out, in the order the attributes were created.</summary>
    public static ProjectView Of(Project project, ImmutableArray<ProjectAttribute> attributes, DateTimeOffset now)
    {
        var values = attributes
            .Where(a => project.AttributeValues.ContainsKey(a.Id))
            .Select(a =>
            {
                var value = project.AttributeValues[a.Id];
                return new ProjectAttributeValue(a.Id, a.Type, value, a.Type == ProjectAttributeTypes.SelectList ? a.OptionOf(value) : null);
            });
        return new ProjectView(project, [.. values], AutoSyncClock.Next(project.AutoSync, now));
    }
}
