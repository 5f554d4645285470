using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Benchmarks.Apps;

/// <summary>
/// TinyTodo, the Cedar example app: users in (nested) teams, task lists with an owner and reader and editor
/// teams, an application entity for list creation, and interns barred from creating lists.
/// </summary>
public static class TinyTodoApp
{
    public const string Policies = """
        permit (principal, action in [Action::"CreateList", Action::"GetLists"], resource == Application::"TinyTodo");
        permit (principal, action, resource is List) when { resource.owner == principal };
        permit (principal, action == Action::"GetList", resource) when { principal in resource.readers || principal in resource.editors };
        permit (principal, action in [Action::"UpdateList", Action::"CreateTask", Action::"UpdateTask", Action::"DeleteTask"], resource)
        when { principal in resource.editors };
        forbid (principal in Team::"interns", action == Action::"CreateList", resource == Application::"TinyTodo");
        forbid (principal, action == Action::"DeleteList", resource is List) unless { resource.owner == principal };
        """;

    public static CedarApp Build(int perType, int requests, int seed)
    {
        var w = new WorldBuilder(seed);
        w.Add("Application", "TinyTodo");
        w.Add("Team", "interns");
        for (var t = 0; t < perType; t++) w.Add("Team", "t" + t, null, t == 0 ? [] : [("Team", w.Pick("t", t))]);
        for (var u = 0; u < perType; u++)
        {
            var parents = w.SomeOf("Team", "t", perType, 2).ToList();
            if (w.Random.Next(8) == 0) parents.Add(("Team", "interns"));
            w.Add("User", "u" + u, new JsonObject { ["name"] = "user " + u }, parents.ToArray());
        }
        for (var l = 0; l < perType; l++)
            w.Add("List", "l" + l, new JsonObject
            {
                ["owner"] = WorldBuilder.Ref("User", w.Pick("u", perType)),
                ["readers"] = WorldBuilder.Ref("Team", w.Pick("t", perType)),
                ["editors"] = WorldBuilder.Ref("Team", w.Pick("t", perType)),
                ["name"] = "list " + l,
            });
        string[] listActions = ["GetList", "UpdateList", "DeleteList", "CreateTask", "UpdateTask", "DeleteTask"];
        string[] appActions = ["CreateList", "GetLists"];
        var list = new List<JsonObject>();
        for (var i = 0; i < requests; i++)
        {
            var user = WorldBuilder.Uid("User", w.Pick("u", perType));
            list.Add(w.Random.Next(4) == 0
                ? WorldBuilder.Request(user, appActions[w.Random.Next(2)], WorldBuilder.Uid("Application", "TinyTodo"))
                : WorldBuilder.Request(user, listActions[w.Random.Next(listActions.Length)], WorldBuilder.Uid("List", w.Pick("l", perType))));
        }
        return new CedarApp("tinytodo", Policies, w.Entities, list);
    }
}
