using Tempo.Grains.Interfaces.Plans;

namespace Tempo.Bench.Plans;

/// <summary>
/// The benchmark's plans: person p has 20 plans through 2026, plan k starting 18k days after 5 January and lasting
/// 5 days; every third one (k mod 3 = 0) repeats weekly for 8 weeks. Even plans are on the person's project, odd ones
/// on an issue of it. Projects grow with the organisation (one per <see cref="PeoplePerProject"/> people), so a
/// project's month holds the same number of plans at every size.
/// </summary>
public static class Dataset
{
    public const int PlansPerPerson = 20;
    public const int PeoplePerProject = 50;
    public const int PeoplePerBatch = 50;
    private const long FirstProject = 10_000;

    private static readonly DateOnly First = new(2026, 1, 5);

    public static string Person(int p) => "557058:bench-" + p.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static long Project(int p) => FirstProject + (p / PeoplePerProject);

    public static IEnumerable<PlanDraft> Drafts(int p)
    {
        var assignee = new PlanAssignee(PlanAssigneeType.User, Person(p));
        for (var k = 0; k < PlansPerPerson; k++)
        {
            var start = First.AddDays((18 * k) + (p % 7));
            var recurring = k % 3 == 0;
            yield return new PlanDraft(
                assignee,
                k % 2 == 0 ? PlanItemType.Project : PlanItemType.Issue,
                k % 2 == 0 ? Project(p) : (Project(p) * 1_000) + k,
                start,
                start.AddDays(4),
                PlanEffort.SecondsPerDay,
                3_600 * (1 + (k % 4)),
                null,
                null,
                false,
                recurring ? PlanRule.Weekly : PlanRule.Never,
                recurring ? start.AddDays((7 * 7) + 4) : null,
                null,
                null);
        }
    }
}
