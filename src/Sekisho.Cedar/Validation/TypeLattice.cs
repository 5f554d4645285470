namespace Sekisho.Cedar.Validation;

/// <summary>
/// Subtyping and least upper bounds of <see cref="VType"/>. <c>strict</c> selects the strict-mode rules:
/// entity unions must be equal, records must have the same attributes with the same optionality.
/// </summary>
internal static class TypeLattice
{
    public const string HintRecordWidth = "Compatible record types must have exactly the same attributes";
    public const string HintQualifier = "Corresponding attributes of compatible record types must have the same optionality, either both being required or both being optional";
    public const string HintEntityType = "Different entity types are never compatible even when their attributes would be compatible";
    public const string HintEntityRecord = "Entity and record types are never compatible even when their attributes would be compatible";
    public const string HintNone = "Types must be exactly equal to be compatible";

    public static bool IsSubtype(VType t0, VType t1, bool strict)
    {
        if (t0.Kind == VTypeKind.Never) return true;
        switch (t0.Kind, t1.Kind)
        {
            case (VTypeKind.True or VTypeKind.False, VTypeKind.Bool):
                return true;
            case (VTypeKind.True or VTypeKind.False or VTypeKind.Bool, VTypeKind.True or VTypeKind.False or VTypeKind.Bool):
                return t0.Kind == t1.Kind;
            case (VTypeKind.Long, VTypeKind.Long):
            case (VTypeKind.String, VTypeKind.String):
                return true;
            case (VTypeKind.Set, VTypeKind.Set):
                if (t1.Element is null) return true;
                if (t0.Element is null) return false;
                return IsSubtype(t0.Element, t1.Element, strict);
            case (VTypeKind.Record, VTypeKind.Record):
                if (t0.Open && !t1.Open) return false;
                return (t1.Open && !strict && AttributesSubtype(t0, t1, strict)) || (SameKeys(t0, t1) && AttributesSubtype(t0, t1, strict));
            case (VTypeKind.AnyEntity, VTypeKind.AnyEntity):
                return true;
            case (VTypeKind.Entity, VTypeKind.AnyEntity):
                return !strict;
            case (VTypeKind.Entity, VTypeKind.Entity):
                return strict ? t0.Equals(t1) : IsSubset(t0.Entities!, t1.Entities!);
            case (VTypeKind.Extension, VTypeKind.Extension):
                return t0.ExtensionName == t1.ExtensionName;
            default:
                return false;
        }
    }

    public static LubResult Lub(VType t0, VType t1, bool strict)
    {
        if (IsSubtype(t0, t1, strict)) return new LubResult(t1, null);
        if (IsSubtype(t1, t0, strict)) return new LubResult(t0, null);
        switch (t0.Kind, t1.Kind)
        {
            case (VTypeKind.True or VTypeKind.False or VTypeKind.Bool, VTypeKind.True or VTypeKind.False or VTypeKind.Bool):
                return new LubResult(VType.Bool, null);
            case (VTypeKind.Set, VTypeKind.Set):
                if (t0.Element is null || t1.Element is null) return new LubResult(VType.AnySet, null);
                var element = Lub(t0.Element, t1.Element, strict);
                return element.Type is null ? element : new LubResult(VType.SetOf(element.Type), null);
            case (VTypeKind.Record, VTypeKind.Record):
                return RecordLub(t0, t1, strict);
            case (VTypeKind.Entity, VTypeKind.Entity):
                if (strict) return LubResult.Fail(HintEntityType);
                return new LubResult(VType.EntityUnion(t0.Entities!.Concat(t1.Entities!)), null);
            case (VTypeKind.AnyEntity, VTypeKind.Entity):
            case (VTypeKind.Entity, VTypeKind.AnyEntity):
                return strict ? LubResult.Fail(HintEntityType) : new LubResult(VType.AnyEntity, null);
            case (VTypeKind.Entity or VTypeKind.AnyEntity, VTypeKind.Record):
            case (VTypeKind.Record, VTypeKind.Entity or VTypeKind.AnyEntity):
                return LubResult.Fail(HintEntityRecord);
            default:
                return LubResult.Fail(HintNone);
        }
    }

    /// <summary>Folds <see cref="Lub"/> over the types starting from Never (the LUB of nothing).</summary>
    public static LubResult LubAll(IEnumerable<VType> types, bool strict)
    {
        var acc = VType.Never;
        foreach (var t in types)
        {
            var r = Lub(acc, t, strict);
            if (r.Type is null) return r;
            acc = r.Type;
        }
        return new LubResult(acc, null);
    }

    /// <summary>Only entity unions with no type in common are known to be disjoint (an empty set inhabits every set type).</summary>
    public static bool AreDisjoint(VType t0, VType t1) =>
        t0.Kind == VTypeKind.Entity && t1.Kind == VTypeKind.Entity && !t0.Entities!.Intersect(t1.Entities!, StringComparer.Ordinal).Any();

    private static LubResult RecordLub(VType t0, VType t1, bool strict)
    {
        var a0 = t0.Attributes!;
        var a1 = t1.Attributes!;
        if (strict && !SameKeys(t0, t1)) return LubResult.Fail(HintRecordWidth);
        var result = new SortedDictionary<string, VAttribute>(StringComparer.Ordinal);
        foreach (var (name, attr0) in a0)
        {
            if (!a1.TryGetValue(name, out var attr1))
            {
                if (strict) return LubResult.Fail(HintRecordWidth);
                continue;
            }
            var lub = Lub(attr0.Type, attr1.Type, strict);
            if (lub.Type is null)
            {
                if (strict) return lub;
                continue;
            }
            if (strict && attr0.Required != attr1.Required) return LubResult.Fail(HintQualifier);
            result[name] = new VAttribute(lub.Type, attr0.Required && attr1.Required);
        }
        var keysUnion = new HashSet<string>(a0.Keys, StringComparer.Ordinal);
        keysUnion.UnionWith(a1.Keys);
        var open = t0.Open || t1.Open || keysUnion.Count != result.Count;
        return new LubResult(VType.Record(result, open), null);
    }

    private static bool SameKeys(VType t0, VType t1)
    {
        if (t0.Attributes!.Count != t1.Attributes!.Count) return false;
        foreach (var key in t0.Attributes.Keys)
        {
            if (!t1.Attributes.ContainsKey(key)) return false;
        }
        return true;
    }

    private static bool AttributesSubtype(VType t0, VType t1, bool strict)
    {
        foreach (var (name, attr1) in t1.Attributes!)
        {
            if (!t0.Attributes!.TryGetValue(name, out var attr0)) return false;
            var qualifier = strict ? attr0.Required == attr1.Required : attr0.Required || !attr1.Required;
            if (!qualifier || !IsSubtype(attr0.Type, attr1.Type, strict)) return false;
        }
        return true;
    }

    private static bool IsSubset(string[] a, string[] b)
    {
        foreach (var x in a)
        {
            if (Array.IndexOf(b, x) < 0) return false;
        }
        return true;
    }
}
