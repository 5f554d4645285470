using System.Collections.Immutable;

namespace Sekisho.Cedar.Tests.Fuzz;

/// <summary>
/// Generates expressions by type, over the variables of one policy (principal and resource of a guessed
/// type, the context record). Most expressions fit their types; a few are deliberately ill-typed, call
/// extension constructors with bad strings, read attributes that may be missing or overflow, so both engines
/// must raise the same errors.
/// </summary>
public sealed class FuzzExprGenerator
{
    private static readonly FuzzTypeKind[] ScalarKinds =
        [FuzzTypeKind.Bool, FuzzTypeKind.Long, FuzzTypeKind.String, FuzzTypeKind.Entity, FuzzTypeKind.IpAddr, FuzzTypeKind.Decimal, FuzzTypeKind.Datetime, FuzzTypeKind.Duration];

    private static readonly string[] TagKeys = ["t0", "t1", "owner", "a b"];

    // String, pattern and entity literals written with the escapes the grammar allows, as source text.
    private static readonly string[] RawStrings = ["\"\\x61lice\"", "\"\\u{61}\"", "\"\\u{1F600}\"", "\"\\'\"", "\"\\t\\0\"", "\"a\\u{2a}\"", "\"\\x2a\""];
    private static readonly string[] RawPatterns = ["\"\\u{2a}\"", "\"a\\u{2a}*\"", "\"\\*\\*\"", "\"\\x2a*\"", "\"*\\u{1F600}\"", "\"**\"", "\"\\x61*\""];
    private static readonly string[] RawEntities = ["User::\"\\u{61}lice\"", "User::\"\\x62ob\"", "Group::\"g\\u{30}\"", "Org::Team::\"t\\x30\""];

    private readonly FuzzValues v;
    private readonly FuzzWorld world;
    private readonly List<(FuzzExpr Path, FuzzType Type)> paths = [];
    private readonly List<(FuzzExpr Entity, FuzzType Tags)> tagged = [];

    public FuzzExprGenerator(FuzzValues values, FuzzWorld world, string principalType, string resourceType)
    {
        v = values;
        this.world = world;
        AddPaths(FuzzExpr.Var("principal"), world.Type(principalType), depth: 0);
        AddPaths(FuzzExpr.Var("resource"), world.Type(resourceType), depth: 0);
        AddRecordPaths(FuzzExpr.Var("context"), world.Context, depth: 0);
    }

    public FuzzExpr Bool(int depth)
    {
        if (depth <= 0 || v.Chance(0.15)) return BoolLeaf();
        var d = depth - 1;
        switch (v.Next(19))
        {
            case 0: return FuzzExpr.Bin("&&", Bool(d), Bool(d));
            case 1: return FuzzExpr.Bin("||", Bool(d), Bool(d));
            case 2: return new FuzzExpr(FuzzExprKind.Not, "", [Bool(d)]);
            case 3: return FuzzExpr.Bin(v.Pick(["<", "<=", ">", ">="]), Long(d), Long(d));
            case 4:
                {
                    var t = AnyType();
                    return FuzzExpr.Bin(v.Pick(["==", "!="]), Of(t, d), v.Chance(0.9) ? Of(t, d) : Of(AnyType(), d));
                }
            case 5: return Has(d);
            case 6: return new FuzzExpr(FuzzExprKind.Like, v.Chance(0.15) ? v.Pick(RawPatterns) : Pattern(), [String(d)]);
            case 7: return FuzzExpr.Bin("in", Entity(d), v.Chance(0.3) ? Set(FuzzType.EntityOf(EntityTypeName()), d) : Entity(d));
            case 8:
                {
                    var target = Entity(d);
                    return v.Chance(0.5)
                        ? new FuzzExpr(FuzzExprKind.Is, EntityTypeName(), [target])
                        : new FuzzExpr(FuzzExprKind.Is, EntityTypeName(), [target, Entity(d)]);
                }
            case 9:
                {
                    var element = ScalarType();
                    return v.Next(4) switch
                    {
                        0 => FuzzExpr.Method("contains", Set(element, d), Of(element, d)),
                        1 => FuzzExpr.Method("containsAll", Set(element, d), Set(element, d)),
                        2 => FuzzExpr.Method("containsAny", Set(element, d), Set(element, d)),
                        _ => FuzzExpr.Method("isEmpty", Set(element, d)),
                    };
                }
            case 10: return FuzzExpr.Method("hasTag", TaggedEntity(d), String(d));
            case 11:
                return v.Next(5) switch
                {
                    0 => FuzzExpr.Method("isIpv4", Ext(FuzzTypeKind.IpAddr, d)),
                    1 => FuzzExpr.Method("isIpv6", Ext(FuzzTypeKind.IpAddr, d)),
                    2 => FuzzExpr.Method("isLoopback", Ext(FuzzTypeKind.IpAddr, d)),
                    3 => FuzzExpr.Method("isMulticast", Ext(FuzzTypeKind.IpAddr, d)),
                    _ => FuzzExpr.Method("isInRange", Ext(FuzzTypeKind.IpAddr, d), Ext(FuzzTypeKind.IpAddr, d)),
                };
            case 12:
                return FuzzExpr.Method(v.Pick(["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"]),
                    Ext(FuzzTypeKind.Decimal, d), Ext(FuzzTypeKind.Decimal, d));
            case 13:
                {
                    var kind = v.Pick([FuzzTypeKind.Datetime, FuzzTypeKind.Duration, FuzzTypeKind.Decimal]);
                    return FuzzExpr.Bin(v.Pick(["<", "<=", ">", ">="]), Ext(kind, d), Ext(kind, d));
                }
            case 14: return new FuzzExpr(FuzzExprKind.If, "", [Bool(d), Bool(d), Bool(d)]);
            case 15: return Ill(FuzzType.Bool, d);
            case 16: return GetTag(FuzzType.Bool, d) ?? Odd(d);
            case 17:
                {
                    // Guarded access: the idiom policies use for optional attributes.
                    var has = Has(d);
                    return FuzzExpr.Bin("&&", has, Bool(d));
                }
            default: return BoolLeaf();
        }
    }

    public FuzzExpr Long(int depth)
    {
        if (depth <= 0 || v.Chance(0.25)) return Leaf(FuzzType.Long) ?? FuzzExpr.Lit(v.LongLiteral());
        var d = depth - 1;
        return v.Next(9) switch
        {
            0 => FuzzExpr.Bin("+", Long(d), Long(d)),
            1 => FuzzExpr.Bin("-", Long(d), Long(d)),
            2 => FuzzExpr.Bin("*", Long(d), Long(d)),
            3 => new FuzzExpr(FuzzExprKind.Negate, "", [Long(d)]),
            4 => new FuzzExpr(FuzzExprKind.If, "", [Bool(d), Long(d), Long(d)]),
            5 => FuzzExpr.Method(v.Pick(["toDays", "toHours", "toMinutes", "toSeconds", "toMilliseconds"]), Ext(FuzzTypeKind.Duration, d)),
            6 => GetTag(FuzzType.Long, d) ?? FuzzExpr.Lit(v.LongLiteral()),
            7 => Ill(FuzzType.Long, d),
            _ => FuzzExpr.Lit(v.LongLiteral()),
        };
    }

    public FuzzExpr String(int depth)
    {
        if (depth <= 0 || v.Chance(0.4)) return Leaf(FuzzType.String) ?? FuzzExpr.Lit(CedarText.Quote(v.String()));
        var d = depth - 1;
        return v.Next(5) switch
        {
            0 => new FuzzExpr(FuzzExprKind.If, "", [Bool(d), String(d), String(d)]),
            3 => FuzzExpr.Lit(v.Pick(RawStrings)),
            1 => GetTag(FuzzType.String, d) ?? FuzzExpr.Lit(CedarText.Quote(v.String())),
            2 => Ill(FuzzType.String, d),
            _ => FuzzExpr.Lit(CedarText.Quote(v.String())),
        };
    }

    public FuzzExpr Entity(int depth, string? type = null)
    {
        var leaf = type is null ? Leaf(FuzzType.EntityOf(EntityTypeName()), anyEntity: true) : Leaf(FuzzType.EntityOf(type));
        if (depth <= 0 || v.Chance(0.5))
        {
            return v.Next(4) switch
            {
                0 => FuzzExpr.Var("principal"),
                1 => FuzzExpr.Var("resource"),
                2 when type is null => v.Chance(0.5) ? FuzzExpr.Var("action") : ActionLiteral(),
                _ => leaf ?? EntityLiteral(type),
            };
        }
        var d = depth - 1;
        return v.Next(3) switch
        {
            0 => new FuzzExpr(FuzzExprKind.If, "", [Bool(d), Entity(d, type), Entity(d, type)]),
            1 => leaf ?? EntityLiteral(type),
            _ => type is null && v.Chance(0.2) ? FuzzExpr.Lit(v.Pick(RawEntities)) : EntityLiteral(type),
        };
    }

    public FuzzExpr Set(FuzzType element, int depth)
    {
        var leaf = Leaf(FuzzType.SetOf(element));
        if (leaf is not null && v.Chance(0.5)) return leaf;
        var n = v.Next(4);
        var items = ImmutableArray.CreateBuilder<FuzzExpr>(n);
        for (var i = 0; i < n; i++) items.Add(v.Chance(0.9) ? Of(element, depth - 1) : Of(AnyType(), depth - 1));
        return new FuzzExpr(FuzzExprKind.Set, "", items.MoveToImmutable());
    }

    public FuzzExpr Record(FuzzType type, int depth)
    {
        var leaf = Leaf(type);
        if (leaf is not null && v.Chance(0.6)) return leaf;
        var keys = ImmutableArray.CreateBuilder<string>();
        var values = ImmutableArray.CreateBuilder<FuzzExpr>();
        foreach (var a in type.Fields)
        {
            if (!a.Required && v.Chance(0.5)) continue;
            keys.Add(a.Name);
            values.Add(Of(a.Type, depth - 1));
        }
        return new FuzzExpr(FuzzExprKind.Record, "", values.ToImmutable(), keys.ToImmutable());
    }

    public FuzzExpr Ext(FuzzTypeKind kind, int depth)
    {
        var type = new FuzzType(kind);
        var leaf = Leaf(type);
        if (leaf is not null && v.Chance(0.4)) return leaf;
        if (depth > 0 && v.Chance(0.3))
        {
            var d = depth - 1;
            switch (kind)
            {
                case FuzzTypeKind.Datetime:
                    return v.Chance(0.5)
                        ? FuzzExpr.Method("offset", Ext(FuzzTypeKind.Datetime, d), Ext(FuzzTypeKind.Duration, d))
                        : FuzzExpr.Method("toDate", Ext(FuzzTypeKind.Datetime, d));
                case FuzzTypeKind.Duration:
                    return v.Chance(0.5)
                        ? FuzzExpr.Method("durationSince", Ext(FuzzTypeKind.Datetime, d), Ext(FuzzTypeKind.Datetime, d))
                        : FuzzExpr.Method("toTime", Ext(FuzzTypeKind.Datetime, d));
                default:
                    return new FuzzExpr(FuzzExprKind.If, "", [Bool(d), Ext(kind, d), Ext(kind, d)]);
            }
        }
        var argument = v.Chance(0.1) ? String(depth - 1) : FuzzExpr.Lit(CedarText.Quote(v.ExtensionArgument(kind, bad: v.Chance(0.05))));
        return FuzzExpr.Call(FuzzValues.ExtensionFunction(kind), argument);
    }

    public FuzzExpr Of(FuzzType type, int depth) => type.Kind switch
    {
        FuzzTypeKind.Bool => Bool(depth),
        FuzzTypeKind.Long => Long(depth),
        FuzzTypeKind.String => String(depth),
        FuzzTypeKind.Set => Set(type.Element!, depth),
        FuzzTypeKind.Record => Record(type, depth),
        FuzzTypeKind.Entity => Entity(depth, type.EntityType),
        _ => Ext(type.Kind, depth),
    };

    /// <summary>Calls the reference rejects only when evaluating: wrong arity, methods on the wrong type.</summary>
    private FuzzExpr Odd(int depth) => v.Next(6) switch
    {
        0 => FuzzExpr.Call("ip", FuzzExpr.Lit("\"10.0.0.1\""), String(depth)),
        1 => FuzzExpr.Call("decimal"),
        2 => FuzzExpr.Method("isIpv4", Of(AnyType(), depth), Long(depth)),
        3 => FuzzExpr.Method(v.Pick(["isLoopback", "toDate", "toDays", "isMulticast"]), Of(AnyType(), depth)),
        4 => FuzzExpr.Method(v.Pick(["lessThan", "offset", "durationSince", "isInRange"]), Of(AnyType(), depth), Of(AnyType(), depth)),
        _ => FuzzExpr.Method(v.Pick(["contains", "containsAll", "containsAny"]), Of(AnyType(), depth), Of(AnyType(), depth)),
    };

    private FuzzExpr BoolLeaf() => v.Chance(0.4) ? (v.Chance(0.5) ? FuzzExpr.True : FuzzExpr.False) : Leaf(FuzzType.Bool) ?? FuzzExpr.True;

    /// <summary>An expression of a different type where <paramref name="expected"/> belongs: a type error.</summary>
    private FuzzExpr Ill(FuzzType expected, int depth)
    {
        FuzzType t;
        do t = AnyType(); while (t.Kind == expected.Kind);
        return Of(t, depth);
    }

    private FuzzExpr Has(int depth)
    {
        // Mostly names the target really has (so present and missing optional attributes both occur).
        var candidates = new List<(FuzzExpr Path, FuzzType Type)>();
        foreach (var p in paths)
        {
            if (p.Type.Kind is FuzzTypeKind.Record or FuzzTypeKind.Entity) candidates.Add(p);
        }
        var (target, type) = v.Pick(candidates);
        var fields = type.Kind == FuzzTypeKind.Entity ? world.Type(type.EntityType!).Attributes : type.Fields;
        if (fields.IsEmpty || v.Chance(0.1)) return new FuzzExpr(FuzzExprKind.Has, v.Pick(["nope", "\"a b\"", "x"]), [target]);
        var field = v.Pick(fields);
        var name = FuzzExpr.IsIdentifier(field.Name) ? field.Name : CedarText.Quote(field.Name);
        if (field.Type.Kind == FuzzTypeKind.Record && !field.Type.Fields.IsEmpty && FuzzExpr.IsIdentifier(field.Name) && v.Chance(0.5))
        {
            var inner = v.Pick(field.Type.Fields);
            if (FuzzExpr.IsIdentifier(inner.Name)) name += "." + inner.Name;
        }
        _ = depth;
        return new FuzzExpr(FuzzExprKind.Has, name, [target]);
    }

    private string Pattern()
    {
        var n = v.Next(4);
        var segments = new List<string?>();
        for (var i = 0; i < n; i++) segments.Add(v.Chance(0.4) ? null : v.Pick(["a", "b", "*", "lic", "é", "\"", "\\", "ab", "😀"]));
        return CedarText.Pattern(segments);
    }

    private FuzzExpr TaggedEntity(int depth)
    {
        if (tagged.Count > 0 && v.Chance(0.7)) return v.Pick(tagged).Entity;
        return Entity(depth);
    }

    private FuzzExpr? GetTag(FuzzType type, int depth)
    {
        foreach (var (entity, tags) in tagged)
        {
            if (tags.Equivalent(type) && v.Chance(0.7))
                return FuzzExpr.Method("getTag", entity, v.Chance(0.8) ? FuzzExpr.Lit(CedarText.Quote(v.Pick(TagKeys))) : String(depth - 1));
        }
        return null;
    }

    private FuzzExpr? Leaf(FuzzType type, bool anyEntity = false)
    {
        var matches = new List<FuzzExpr>();
        foreach (var (path, t) in paths)
        {
            if (t.Equivalent(type) || (anyEntity && t.Kind == FuzzTypeKind.Entity)) matches.Add(path);
        }
        if (matches.Count == 0 || v.Chance(0.3)) return null;
        return v.Pick(matches);
    }

    private FuzzExpr EntityLiteral(string? type)
    {
        if (type == "Action") return ActionLiteral();
        var t = type is null ? v.Pick(world.EntityTypes) : world.Type(type);
        var id = v.Chance(0.9) ? v.Pick(t.Ids) : "missing";
        return FuzzExpr.Lit(new FuzzEntityRef(t.Name, id).ToCedar());
    }

    private FuzzExpr ActionLiteral() => FuzzExpr.Lit(v.Pick(world.Actions).Ref.ToCedar());

    private string EntityTypeName() => v.Chance(0.1) ? "Action" : v.Pick(world.EntityTypes).Name;

    private FuzzType ScalarType()
    {
        var kind = v.Pick(ScalarKinds);
        return kind == FuzzTypeKind.Entity ? FuzzType.EntityOf(EntityTypeName()) : new FuzzType(kind);
    }

    private FuzzType AnyType() => v.Next(10) switch
    {
        0 => FuzzType.SetOf(ScalarType()),
        1 => world.Context,
        _ => ScalarType(),
    };

    private void AddPaths(FuzzExpr target, FuzzEntityType type, int depth)
    {
        if (type.Tags is { } tags) tagged.Add((target, tags));
        paths.Add((target, FuzzType.EntityOf(type.Name)));
        AddFieldPaths(target, type.Shape, depth);
    }

    private void AddRecordPaths(FuzzExpr target, FuzzType record, int depth)
    {
        paths.Add((target, record));
        AddFieldPaths(target, record, depth);
    }

    private void AddFieldPaths(FuzzExpr target, FuzzType record, int depth)
    {
        foreach (var a in record.Fields)
        {
            var path = FuzzExpr.Attr(target, a.Name);
            paths.Add((path, a.Type));
            if (depth >= 1) continue;
            if (a.Type.Kind == FuzzTypeKind.Record) AddFieldPaths(path, a.Type, depth + 1);
            else if (a.Type.Kind == FuzzTypeKind.Entity) AddPaths(path, world.Type(a.Type.EntityType!), depth + 1);
        }
    }
}
