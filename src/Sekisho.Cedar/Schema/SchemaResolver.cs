namespace Sekisho.Cedar.Schema;

/// <summary>
/// Turns the raw declarations of either schema format into a <see cref="CedarSchema"/>: qualifies names with
/// their namespace, expands common types and checks that every reference resolves. An unqualified name in
/// namespace N is looked up as N::name and then as name in the empty namespace; at each step a common type
/// wins over an entity type, and builtins (Long, String, Bool and the extension types) come last, so a
/// declaration may shadow them. <c>__cedar::X</c> always means the builtin.
/// </summary>
internal sealed class SchemaResolver
{
    private static readonly string[] ExtensionTypes = ["ipaddr", "decimal", "datetime", "duration"];

    private readonly Dictionary<string, (RawCommonType Decl, string Namespace)> _commonTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (RawEntityDecl Decl, string Namespace)> _entityTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SchemaType> _resolvedCommon = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);

    public static CedarSchema Resolve(IReadOnlyList<RawNamespace> namespaces) => new SchemaResolver().Run(namespaces);

    private CedarSchema Run(IReadOnlyList<RawNamespace> namespaces)
    {
        var actionDecls = new Dictionary<SchemaActionUid, (RawActionDecl Decl, string Namespace)>();
        foreach (var ns in namespaces)
        {
            if (ns.Name == "__cedar" || ns.Name.StartsWith("__cedar::", StringComparison.Ordinal))
            {
                throw ns.Spot.Error("`__cedar` is reserved and cannot be used as a namespace");
            }
            foreach (var common in ns.CommonTypes)
            {
                var name = Qualify(ns.Name, common.Name);
                if (!_commonTypes.TryAdd(name, (common, ns.Name)))
                {
                    throw common.Spot.Error($"duplicate common type `{name}`");
                }
            }
            foreach (var entity in ns.Entities)
            {
                var name = Qualify(ns.Name, entity.Name);
                if (!_entityTypes.TryAdd(name, (entity, ns.Name)))
                {
                    throw entity.Spot.Error($"duplicate entity type `{name}`");
                }
            }
            foreach (var action in ns.Actions)
            {
                var uid = new SchemaActionUid(Qualify(ns.Name, "Action"), action.Name);
                if (!actionDecls.TryAdd(uid, (action, ns.Name)))
                {
                    throw action.Spot.Error($"duplicate action `{uid}`");
                }
            }
        }

        foreach (var name in _commonTypes.Keys)
        {
            ResolveCommon(name);
        }

        var entityTypes = new Dictionary<string, SchemaEntityType>(StringComparer.Ordinal);
        foreach (var (name, (decl, ns)) in _entityTypes)
        {
            var memberOf = new List<string>();
            foreach (var parent in decl.MemberOf)
            {
                memberOf.Add(ResolveEntityName(parent, ns));
            }
            var shape = decl.Shape is null ? SchemaType.EmptyRecord : ResolveType(decl.Shape, ns);
            if (shape.Kind != SchemaTypeKind.Record)
            {
                throw decl.Shape!.Spot.Error($"the shape of entity type `{name}` must be a record type, not {shape}");
            }
            var tags = decl.Tags is null ? null : ResolveType(decl.Tags, ns);
            entityTypes[name] = new SchemaEntityType(name, memberOf, shape, tags, decl.EnumIds);
        }

        var actions = new Dictionary<SchemaActionUid, SchemaAction>();
        foreach (var (uid, (decl, ns)) in actionDecls)
        {
            var parents = new List<SchemaActionUid>();
            foreach (var parent in decl.MemberOf)
            {
                parents.Add(ResolveActionRef(parent, ns, actionDecls));
            }
            var principals = ResolveEntityNames(decl.PrincipalTypes, ns);
            var resources = ResolveEntityNames(decl.ResourceTypes, ns);
            var context = decl.Context is null ? SchemaType.EmptyRecord : ResolveType(decl.Context, ns);
            if (context.Kind != SchemaTypeKind.Record)
            {
                throw decl.Context!.Spot.Error($"the context of action `{uid}` must be a record type, not {context}");
            }
            actions[uid] = new SchemaAction(uid, parents, principals, resources, context);
        }
        CheckActionCycles(actions, actionDecls);
        return new CedarSchema(entityTypes, actions);
    }

    private static string Qualify(string ns, string name) => ns.Length == 0 ? name : ns + "::" + name;

    private List<string> ResolveEntityNames(IReadOnlyList<RawName>? names, string ns)
    {
        var result = new List<string>();
        if (names is null) return result;
        foreach (var name in names)
        {
            var resolved = ResolveEntityName(name, ns);
            if (!result.Contains(resolved)) result.Add(resolved);
        }
        return result;
    }

    private string ResolveEntityName(RawName name, string ns)
    {
        foreach (var candidate in Candidates(name.Name, ns))
        {
            if (_entityTypes.ContainsKey(candidate)) return candidate;
        }
        throw name.Spot.Error($"failed to resolve type: `{name.Name}` is not a declared entity type");
    }

    private static SchemaActionUid ResolveActionRef(
        RawActionRef parent,
        string ns,
        Dictionary<SchemaActionUid, (RawActionDecl Decl, string Namespace)> actions)
    {
        var type = parent.Type ?? "Action";
        foreach (var candidate in Candidates(type, ns))
        {
            var uid = new SchemaActionUid(candidate, parent.Id);
            if (actions.ContainsKey(uid)) return uid;
        }
        var shown = new SchemaActionUid(parent.Type is null ? Qualify(ns, "Action") : type, parent.Id);
        throw parent.Spot.Error($"undeclared action: {shown} is used as an action group but is not declared as an action");
    }

    private static IEnumerable<string> Candidates(string name, string ns)
    {
        if (name.Contains("::", StringComparison.Ordinal) || ns.Length == 0)
        {
            yield return name;
            yield break;
        }
        yield return ns + "::" + name;
        yield return name;
    }

    private SchemaType ResolveCommon(string qualifiedName)
    {
        if (_resolvedCommon.TryGetValue(qualifiedName, out var done)) return done;
        var (decl, ns) = _commonTypes[qualifiedName];
        if (!_resolving.Add(qualifiedName))
        {
            throw decl.Spot.Error($"cycle in common type references involving `{qualifiedName}`");
        }
        var resolved = ResolveType(decl.Type, ns);
        _resolving.Remove(qualifiedName);
        _resolvedCommon[qualifiedName] = resolved;
        return resolved;
    }

    private SchemaType ResolveType(RawType raw, string ns)
    {
        switch (raw.Kind)
        {
            case RawTypeKind.Set:
                return SchemaType.Set(ResolveType(raw.Element!, ns));
            case RawTypeKind.Record:
            {
                var attributes = new Dictionary<string, SchemaAttribute>(StringComparer.Ordinal);
                foreach (var attr in raw.Attributes!)
                {
                    if (!attributes.TryAdd(attr.Name, new SchemaAttribute(ResolveType(attr.Type, ns), attr.Required)))
                    {
                        throw attr.Spot.Error($"duplicate attribute `{attr.Name}`");
                    }
                }
                return SchemaType.Record(attributes);
            }
            case RawTypeKind.Builtin:
                return Builtin(raw.Name!) ?? throw raw.Spot.Error($"unknown extension type `{raw.Name}`");
            case RawTypeKind.Entity:
                return SchemaType.Entity(ResolveEntityName(new RawName(raw.Name!, raw.Spot), ns));
            default:
                return ResolveName(raw, ns);
        }
    }

    private SchemaType ResolveName(RawType raw, string ns)
    {
        var name = raw.Name!;
        if (name.StartsWith("__cedar::", StringComparison.Ordinal))
        {
            return Builtin(name["__cedar::".Length..]) ?? throw raw.Spot.Error($"failed to resolve type: `{name}` is not a builtin type");
        }
        foreach (var candidate in Candidates(name, ns))
        {
            if (_commonTypes.ContainsKey(candidate)) return ResolveCommon(candidate);
            if (raw.Kind == RawTypeKind.CommonOrEntity && _entityTypes.ContainsKey(candidate)) return SchemaType.Entity(candidate);
        }
        if (!name.Contains("::", StringComparison.Ordinal))
        {
            var builtin = raw.Kind == RawTypeKind.CommonOrEntity ? Builtin(name) : null;
            if (builtin is not null) return builtin;
        }
        var what = raw.Kind == RawTypeKind.Common ? "a declared common type" : "a declared common type, entity type or builtin type";
        throw raw.Spot.Error($"failed to resolve type: `{name}` is not {what}");
    }

    private static SchemaType? Builtin(string name) => name switch
    {
        "Long" => SchemaType.Long,
        "String" => SchemaType.String,
        "Bool" => SchemaType.Bool,
        _ => Array.IndexOf(ExtensionTypes, name) >= 0 ? SchemaType.Extension(name) : null,
    };

    private static void CheckActionCycles(
        Dictionary<SchemaActionUid, SchemaAction> actions,
        Dictionary<SchemaActionUid, (RawActionDecl Decl, string Namespace)> decls)
    {
        var state = new Dictionary<SchemaActionUid, int>();
        foreach (var uid in actions.Keys)
        {
            Visit(uid);
        }

        void Visit(SchemaActionUid uid)
        {
            state.TryGetValue(uid, out var s);
            if (s == 2) return;
            if (s == 1) throw decls[uid].Decl.Spot.Error($"cycle in action hierarchy containing {uid}");
            state[uid] = 1;
            foreach (var parent in actions[uid].MemberOf)
            {
                Visit(parent);
            }
            state[uid] = 2;
        }
    }
}
