using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Benchmarks.Apps;

/// <summary>
/// A document-sharing app like the Cedar paper's GDrive: users in groups, folders in folders, documents in
/// folders, each with an owner, viewer and editor groups and a public flag.
/// </summary>
public static class GDriveApp
{
    public const string Policies = """
        permit (principal, action == Action::"viewDocument", resource) when { resource.isPublic };
        permit (principal, action, resource) when { resource has owner && resource.owner == principal };
        permit (principal, action == Action::"viewDocument", resource) when { principal in resource.viewers };
        permit (principal, action in [Action::"viewDocument", Action::"editDocument"], resource)
        when { principal in resource.editors };
        permit (principal, action == Action::"createDocument", resource is Folder) when { principal in resource.editors };
        forbid (principal, action == Action::"shareDocument", resource) unless { resource.owner == principal };
        forbid (principal, action, resource) when { principal.suspended };
        """;

    public static CedarApp Build(int perType, int requests, int seed)
    {
        var w = new WorldBuilder(seed);
        for (var g = 0; g < perType; g++) w.Add("Group", "g" + g, null, w.SomeOf("Group", "g", g, 1).Where(p => p.Item2 != "g" + g).ToArray());
        for (var u = 0; u < perType; u++)
            w.Add("User", "u" + u, new JsonObject { ["suspended"] = w.Random.Next(20) == 0 }, w.SomeOf("Group", "g", perType, 3));
        for (var f = 0; f < perType; f++)
            w.Add("Folder", "f" + f, new JsonObject
            {
                ["owner"] = WorldBuilder.Ref("User", w.Pick("u", perType)),
                ["editors"] = WorldBuilder.Ref("Group", w.Pick("g", perType)),
                ["viewers"] = WorldBuilder.Ref("Group", w.Pick("g", perType)),
                ["isPublic"] = false,
            }, f == 0 ? [] : [("Folder", w.Pick("f", f))]);
        for (var d = 0; d < perType; d++)
            w.Add("Document", "d" + d, new JsonObject
            {
                ["owner"] = WorldBuilder.Ref("User", w.Pick("u", perType)),
                ["editors"] = WorldBuilder.Ref("Group", w.Pick("g", perType)),
                ["viewers"] = WorldBuilder.Ref("Group", w.Pick("g", perType)),
                ["isPublic"] = w.Random.Next(10) == 0,
            }, ("Folder", w.Pick("f", perType)));
        string[] actions = ["viewDocument", "editDocument", "shareDocument", "createDocument"];
        var list = new List<JsonObject>();
        for (var i = 0; i < requests; i++)
        {
            var action = actions[w.Random.Next(actions.Length)];
            var resource = action == "createDocument" ? WorldBuilder.Uid("Folder", w.Pick("f", perType)) : WorldBuilder.Uid("Document", w.Pick("d", perType));
            list.Add(WorldBuilder.Request(WorldBuilder.Uid("User", w.Pick("u", perType)), action, resource));
        }
        return new CedarApp("gdrive", Policies, w.Entities, list);
    }
}
