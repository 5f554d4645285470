using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Benchmarks.Apps;

/// <summary>
/// A GitHub-like app as in the Cedar paper: users in teams, repositories whose reader, triager, writer,
/// maintainer and admin roles are groups (admins are maintainers are writers are triagers are readers), and
/// issues that point at their repository and reporter.
/// </summary>
public static class GitHubApp
{
    public const string Policies = """
        permit (principal, action in [Action::"pull", Action::"fork"], resource) when { principal in resource.readers };
        permit (principal, action == Action::"push", resource) when { principal in resource.writers };
        permit (principal, action in [Action::"add_reader", Action::"add_writer"], resource) when { principal in resource.admins };
        permit (principal, action == Action::"edit_issue", resource) when { principal == resource.reporter };
        permit (principal, action == Action::"edit_issue", resource) when { principal in resource.repo.writers };
        permit (principal, action == Action::"assign_issue", resource) when { principal in resource.repo.triagers };
        permit (principal, action == Action::"delete_issue", resource) when { principal in resource.repo.maintainers };
        forbid (principal, action in [Action::"push", Action::"delete_issue"], resource) when { resource has archived && resource.archived };
        """;

    private static readonly string[] Roles = ["admins", "maintainers", "writers", "triagers", "readers"];

    public static CedarApp Build(int perType, int requests, int seed)
    {
        var w = new WorldBuilder(seed);
        for (var t = 0; t < perType; t++) w.Add("Team", "t" + t, null, t == 0 ? [] : [("Team", w.Pick("t", t))]);
        for (var u = 0; u < perType; u++) w.Add("User", "u" + u, null, w.SomeOf("Team", "t", perType, 2));
        for (var r = 0; r < perType; r++)
        {
            var attrs = new JsonObject { ["archived"] = w.Random.Next(10) == 0 };
            for (var i = 0; i < Roles.Length; i++)
            {
                var id = $"repo{r}-{Roles[i]}";
                // Each role group is inside the next weaker one, and holds a few users and teams directly.
                var parents = i + 1 < Roles.Length ? new[] { ("UserGroup", $"repo{r}-{Roles[i + 1]}") } : [];
                w.Add("UserGroup", id, null, parents);
                attrs[Roles[i]] = WorldBuilder.Ref("UserGroup", id);
            }
            w.Add("Repository", "repo" + r, attrs);
        }
        // Memberships are parents of users and teams: rebuild the user/team entities with role groups added.
        var memberships = new Dictionary<string, List<(string, string)>>();
        for (var m = 0; m < perType * 3; m++)
        {
            var member = w.Random.Next(3) == 0 ? "Team:" + w.Pick("t", perType) : "User:" + w.Pick("u", perType);
            var group = ("UserGroup", $"repo{w.Random.Next(perType)}-{Roles[w.Random.Next(Roles.Length)]}");
            if (!memberships.TryGetValue(member, out var list)) memberships[member] = list = [];
            list.Add(group);
        }
        foreach (var entity in w.Entities)
        {
            var uid = entity!["uid"]!;
            var key = $"{uid["type"]}:{uid["id"]}";
            if (memberships.TryGetValue(key, out var groups))
                foreach (var (type, id) in groups) entity["parents"]!.AsArray().Add(WorldBuilder.Uid(type, id));
        }
        for (var i = 0; i < perType; i++)
            w.Add("Issue", "issue" + i, new JsonObject
            {
                ["repo"] = WorldBuilder.Ref("Repository", w.Pick("repo", perType)),
                ["reporter"] = WorldBuilder.Ref("User", w.Pick("u", perType)),
            });
        string[] repoActions = ["pull", "fork", "push", "add_reader", "add_writer"];
        string[] issueActions = ["edit_issue", "assign_issue", "delete_issue"];
        var requestsList = new List<JsonObject>();
        for (var i = 0; i < requests; i++)
        {
            var onRepo = w.Random.Next(2) == 0;
            requestsList.Add(onRepo
                ? WorldBuilder.Request(WorldBuilder.Uid("User", w.Pick("u", perType)), repoActions[w.Random.Next(repoActions.Length)], WorldBuilder.Uid("Repository", w.Pick("repo", perType)))
                : WorldBuilder.Request(WorldBuilder.Uid("User", w.Pick("u", perType)), issueActions[w.Random.Next(issueActions.Length)], WorldBuilder.Uid("Issue", w.Pick("issue", perType))));
        }
        return new CedarApp("github", Policies, w.Entities, requestsList);
    }
}
