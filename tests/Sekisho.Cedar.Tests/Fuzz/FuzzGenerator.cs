using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// Seeded generator of whole cases: a typed world (printed as the schema), an entity store with a hierarchy,
/// attributes, tags and extension values, a policy set with templates and links, and requests. The same seed
/// gives the same cases (System.Random with a seed is deterministic). Entity stores now and then carry a parent
/// cycle (the reference rejects the whole store) or an entity listed twice, identically (counted once) or
/// differently (rejected): inputs where Sekisho.Cedar once differed from the reference.
/// </summary>
public sealed class FuzzGenerator(int seed)
{
    private static readonly string[] AttributeNames = ["name", "age", "level", "owner", "tags", "ip", "score", "since", "ttl", "info", "flag", "a b", "manager"];

    private readonly FuzzValues v = new(new Random(seed));

    /// <summary>Generates a case; when <paramref name="withSchema"/>, everything fits the schema it carries.</summary>
    public FuzzCase NextCase(bool withSchema, int requestCount)
    {
        var world = World();
        // A few schema cases carry data that does not conform, so both engines must reject the same things.
        var entities = Entities(world, conform: withSchema, sloppy: withSchema && v.Chance(0.1));
        var statics = ImmutableArray.CreateBuilder<FuzzPolicy>();
        var policyCount = 1 + v.Next(5);
        for (var i = 0; i < policyCount; i++) statics.Add(Policy(world, template: false));
        var templates = ImmutableArray.CreateBuilder<FuzzPolicy>();
        var links = ImmutableArray.CreateBuilder<FuzzLink>();
        if (v.Chance(0.35))
        {
            var templateCount = 1 + v.Next(2);
            for (var i = 0; i < templateCount; i++) templates.Add(Policy(world, template: true));
        }
        var requests = ImmutableArray.CreateBuilder<FuzzRequest>();
        for (var i = 0; i < requestCount; i++) requests.Add(Request(world, conform: withSchema));
        var c = new FuzzCase(statics.ToImmutable(), templates.ToImmutable(), [], entities, withSchema ? world.ToSchema() : null, requests.ToImmutable());
        for (var t = 0; t < c.Templates.Length; t++)
        {
            var template = c.Templates[t];
            var n = v.Next(3);
            for (var k = 0; k < n; k++)
            {
                var p = template.Principal.Contains("?principal", StringComparison.Ordinal) ? EntityRef(world, v.Pick(world.EntityTypes).Name) : null;
                var r = template.Resource.Contains("?resource", StringComparison.Ordinal) ? EntityRef(world, v.Pick(world.EntityTypes).Name) : null;
                links.Add(new FuzzLink(t, $"link{links.Count}", p, r));
            }
        }
        return c with { Links = links.ToImmutable() };
    }

    public FuzzWorld World()
    {
        var groupTags = v.Chance(0.5) ? FuzzType.String : null;
        var userTags = v.Chance(0.6) ? (v.Chance(0.5) ? FuzzType.String : FuzzType.Long) : null;
        var docTags = v.Chance(0.4) ? FuzzType.SetOf(FuzzType.String) : null;
        var types = ImmutableArray.Create(
            new FuzzEntityType("User", Attributes(2, "User"), userTags, ["Group", "Org::Team"], ["alice", "bob", "carol", ""]),
            new FuzzEntityType("Group", Attributes(1, "Group"), groupTags, ["Group"], ["g0", "g1", "g2"]),
            new FuzzEntityType("Doc", Attributes(2, "Doc"), docTags, ["Folder"], ["d0", "d1", "d2"]),
            new FuzzEntityType("Folder", Attributes(1, "Folder"), null, ["Folder"], ["f0", "f1", "f2"]),
            new FuzzEntityType("Org::Team", Attributes(0, "Org::Team"), null, [], ["t0", "t1"]));
        var context = FuzzType.RecordOf(AttributeList(1 + v.Next(3), allowEntities: true));
        var actions = ImmutableArray.Create(
            new FuzzAction("read", [], [], []),
            new FuzzAction("all", [], [], []),
            new FuzzAction("view", ["read", "all"], ["User", "Group"], ["Doc", "Folder"]),
            new FuzzAction("edit", ["all"], ["User"], ["Doc"]),
            new FuzzAction("delete", [], ["User", "Org::Team"], ["Doc", "Folder", "Group"]));
        return new FuzzWorld(types, actions, context);
    }

    private ImmutableArray<FuzzAttribute> Attributes(int atLeast, string owner)
    {
        var list = AttributeList(atLeast + v.Next(3), allowEntities: owner != "Org::Team");
        return list;
    }

    private ImmutableArray<FuzzAttribute> AttributeList(int count, bool allowEntities)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var b = ImmutableArray.CreateBuilder<FuzzAttribute>();
        for (var i = 0; i < count; i++)
        {
            var name = v.Pick(AttributeNames);
            if (!used.Add(name)) continue;
            b.Add(new FuzzAttribute(name, AttributeType(2, allowEntities), v.Chance(0.7)));
        }
        return b.ToImmutable();
    }

    private FuzzType AttributeType(int depth, bool allowEntities)
    {
        switch (v.Next(12))
        {
            case 0: return FuzzType.Bool;
            case 1: case 2: return FuzzType.Long;
            case 3: return FuzzType.String;
            case 4: return depth > 0 ? FuzzType.SetOf(AttributeType(depth - 1, allowEntities)) : FuzzType.String;
            case 5: return depth > 0 ? FuzzType.RecordOf(AttributeList(1 + v.Next(2), allowEntities)) : FuzzType.Long;
            case 6: return allowEntities ? FuzzType.EntityOf(v.Pick(["User", "Group", "Folder"])) : FuzzType.Bool;
            case 7: return FuzzType.IpAddr;
            case 8: return FuzzType.Decimal;
            case 9: return FuzzType.Datetime;
            case 10: return FuzzType.Duration;
            default: return FuzzType.String;
        }
    }

    private ImmutableArray<FuzzEntity> Entities(FuzzWorld world, bool conform, bool sloppy)
    {
        var b = ImmutableArray.CreateBuilder<FuzzEntity>();
        foreach (var type in world.EntityTypes)
        {
            for (var i = 0; i < type.Ids.Length; i++)
            {
                if (v.Chance(0.2)) continue;
                var attrs = ImmutableArray.CreateBuilder<KeyValuePair<string, JsonNode>>();
                foreach (var a in type.Attributes)
                {
                    if (!a.Required && v.Chance(0.4)) continue;
                    var loose = !conform || (sloppy && v.Chance(0.15));
                    if (loose && a.Required && v.Chance(0.05)) continue;
                    attrs.Add(new(a.Name, Value(world, loose && v.Chance(0.08) ? AttributeType(1, true) : a.Type, conform)));
                }
                if (sloppy && v.Chance(0.05)) attrs.Add(new("extra", JsonValue.Create(1)));
                var parents = ImmutableArray.CreateBuilder<FuzzEntityRef>();
                if (sloppy && v.Chance(0.05)) parents.Add(new FuzzEntityRef("Doc", "d0"));
                foreach (var parentType in type.MemberOf)
                {
                    var pt = world.Type(parentType);
                    for (var j = 0; j < pt.Ids.Length; j++)
                    {
                        // Same-type parents mostly point to lower indices (a DAG); now and then a cycle, which both
                        // engines must reject.
                        if (parentType == type.Name && j >= i && !v.Chance(0.02)) break;
                        if (v.Chance(0.3)) parents.Add(new FuzzEntityRef(parentType, pt.Ids[j]));
                    }
                }
                ImmutableArray<KeyValuePair<string, JsonNode>>? tags = null;
                if (type.Tags is { } tagType)
                {
                    var t = ImmutableArray.CreateBuilder<KeyValuePair<string, JsonNode>>();
                    foreach (var key in new[] { "t0", "t1", "owner", "a b" })
                    {
                        if (v.Chance(0.5)) t.Add(new(key, Value(world, tagType, conform)));
                    }
                    tags = t.ToImmutable();
                }
                var entity = new FuzzEntity(new FuzzEntityRef(type.Name, type.Ids[i]), attrs.ToImmutable(), parents.ToImmutable(), tags);
                b.Add(entity);
                if (v.Chance(0.003))
                {
                    b.Add(v.Chance(0.5) ? entity : entity with { Attributes = entity.Attributes.Add(new("duplicate", JsonValue.Create(true))) });
                }
            }
        }
        if (!conform)
        {
            // Without a schema the action hierarchy comes from the entity store.
            foreach (var a in world.Actions)
            {
                var parents = ImmutableArray.CreateBuilder<FuzzEntityRef>();
                foreach (var g in a.Groups) parents.Add(new FuzzEntityRef("Action", g));
                b.Add(new FuzzEntity(a.Ref, [], parents.ToImmutable(), null));
            }
        }
        return b.ToImmutable();
    }

    private JsonNode Value(FuzzWorld world, FuzzType type, bool conform)
    {
        switch (type.Kind)
        {
            case FuzzTypeKind.Bool: return JsonValue.Create(v.Chance(0.5));
            case FuzzTypeKind.Long: return JsonValue.Create(v.JsonLong());
            case FuzzTypeKind.String: return JsonValue.Create(v.String());
            case FuzzTypeKind.Set:
                {
                    var a = new JsonArray();
                    var n = v.Next(4);
                    for (var i = 0; i < n; i++) a.Add(Value(world, type.Element!, conform));
                    return a;
                }
            case FuzzTypeKind.Record:
                {
                    var o = new JsonObject();
                    foreach (var f in type.Fields)
                    {
                        if (!f.Required && v.Chance(0.4)) continue;
                        o[f.Name] = Value(world, f.Type, conform);
                    }
                    return o;
                }
            // With a schema the escapes may be left out: the schema says what the JSON means.
            case FuzzTypeKind.Entity:
                return v.Chance(conform ? 0.3 : 0.03)
                    ? EntityRef(world, type.EntityType!).ToJson()
                    : new JsonObject { ["__entity"] = EntityRef(world, type.EntityType!).ToJson() };
            default:
                {
                    var argument = v.ExtensionArgument(type.Kind, bad: false);
                    return conform && v.Chance(0.3) ? JsonValue.Create(argument) : FuzzValues.Extension(FuzzValues.ExtensionFunction(type.Kind), argument);
                }
        }
    }

    private FuzzEntityRef EntityRef(FuzzWorld world, string type)
    {
        var t = world.Type(type);
        return new FuzzEntityRef(type, v.Chance(0.9) ? v.Pick(t.Ids) : "ghost");
    }

    private FuzzPolicy Policy(FuzzWorld world, bool template)
    {
        var action = v.Pick(world.Actions.Where(a => !a.IsGroup).ToArray());
        var principalType = v.Pick(action.PrincipalTypes);
        var resourceType = v.Pick(action.ResourceTypes);
        var principal = Scope(world, "?principal", principalType, template && v.Chance(0.8));
        var resource = Scope(world, "?resource", resourceType, template && (v.Chance(0.5) || !principal.Contains('?', StringComparison.Ordinal)));
        var actionScope = v.Next(5) switch
        {
            0 => "",
            1 => "== " + action.Ref.ToCedar(),
            2 => "in " + new FuzzEntityRef("Action", v.Pick(["read", "all"])).ToCedar(),
            3 => "in [" + string.Join(", ", world.Actions.Where(_ => v.Chance(0.5)).Select(a => a.Ref.ToCedar())) + "]",
            _ => "",
        };
        var g = new FuzzExprGenerator(v, world, principalType, resourceType);
        var conditions = ImmutableArray.CreateBuilder<FuzzCondition>();
        var n = v.Next(3);
        for (var i = 0; i < n; i++) conditions.Add(new FuzzCondition(v.Chance(0.75), g.Bool(1 + v.Next(4))));
        var annotations = ImmutableArray<KeyValuePair<string, string>>.Empty;
        if (v.Chance(0.15)) annotations = [new("id", v.String())];
        return new FuzzPolicy(v.Chance(0.65), principal, actionScope, resource, conditions.ToImmutable(), annotations);
    }

    private string Scope(FuzzWorld world, string slot, string type, bool useSlot)
    {
        if (useSlot)
        {
            return v.Next(3) switch
            {
                0 => "== " + slot,
                1 => "in " + slot,
                _ => $"is {type} in {slot}",
            };
        }
        return v.Next(6) switch
        {
            0 => "== " + EntityRef(world, type).ToCedar(),
            1 => "in " + EntityRef(world, v.Pick(world.Type(type).MemberOf.IsEmpty ? [type] : world.Type(type).MemberOf.ToArray())).ToCedar(),
            2 => "is " + type,
            3 => $"is {type} in {EntityRef(world, v.Pick(world.EntityTypes).Name).ToCedar()}",
            _ => "",
        };
    }

    private FuzzRequest Request(FuzzWorld world, bool conform)
    {
        var action = v.Pick(world.Actions.Where(a => !a.IsGroup).ToArray());
        // With a schema, a few requests break it (wrong types, missing or mistyped context) on purpose.
        var principalType = v.Chance(conform ? 0.97 : 0.8) ? v.Pick(action.PrincipalTypes) : v.Pick(world.EntityTypes).Name;
        var resourceType = v.Chance(conform ? 0.97 : 0.8) ? v.Pick(action.ResourceTypes) : v.Pick(world.EntityTypes).Name;
        var context = ImmutableArray.CreateBuilder<KeyValuePair<string, JsonNode>>();
        foreach (var f in world.Context.Fields)
        {
            if (!f.Required && v.Chance(0.4)) continue;
            if (conform && v.Chance(0.02)) continue;
            context.Add(new(f.Name, Value(world, conform && v.Chance(0.02) ? AttributeType(1, true) : f.Type, conform)));
        }
        return new FuzzRequest(EntityRef(world, principalType), action.Ref, EntityRef(world, resourceType), context.ToImmutable());
    }
}
