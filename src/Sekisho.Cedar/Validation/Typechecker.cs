using System.Collections.Immutable;
using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Extensions;
using Sekisho.Cedar.Schema;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Validation;

/// <summary>
/// Strict-mode typechecking of one policy condition in one request environment, following the reference's
/// rules: singleton boolean types make <c>&amp;&amp;</c>, <c>||</c> and <c>if</c> short-circuit (a branch that can
/// never run is not checked), <c>has</c> tests produce capabilities that make later optional attribute and tag
/// accesses safe, and the strict restrictions forbid mixing types in sets, <c>==</c> and <c>contains</c>.
/// </summary>
internal sealed class Typechecker(SchemaInfo schema, RequestEnv env, string policyId, List<ValidationError> errors)
{
    private const bool Strict = true;

    private static readonly VType[] EntityOrRecord = [VType.AnyEntity, VType.AnyRecord];
    private static readonly VType[] InRightOperand = [VType.SetOf(VType.AnyEntity), VType.AnyEntity];

    public Answer Typecheck(ImmutableHashSet<string> prior, Expr e)
    {
        switch (e)
        {
            case VariableExpr v:
                return Answer.Success(v.Variable switch
                {
                    Variable.Principal => VType.Entity(env.PrincipalType),
                    Variable.Resource => VType.Entity(env.ResourceType),
                    Variable.Action => VType.Entity(env.Action.Type),
                    _ => env.Context,
                });
            case SlotExpr s:
                var slotType = s.Slot == SlotId.Principal ? env.PrincipalSlot : env.ResourceSlot;
                return Answer.Success(slotType is null ? VType.AnyEntity : VType.Entity(slotType));
            case LiteralExpr l:
                return TypecheckLiteral(l.Value);
            case IfExpr i:
                return TypecheckIf(prior, i);
            case AndExpr a:
                return TypecheckAnd(prior, a.Left, a.Right);
            case OrExpr o:
                return TypecheckOr(prior, o);
            case UnaryExpr u:
                return TypecheckUnary(prior, u);
            case BinaryExpr b:
                return TypecheckBinary(prior, b);
            case GetAttrExpr g:
                return TypecheckGetAttr(prior, g);
            case HasAttrExpr h:
                return TypecheckHasAttr(prior, h);
            case LikeExpr k:
            {
                var target = Expect(prior, k.Target, [VType.String], actual => actual.Kind is VTypeKind.Entity or VTypeKind.AnyEntity ? "try using `is` to test for an entity type" : null);
                return Answer.Make(VType.Bool, target.Ok, Answer.NoCaps);
            }
            case IsExpr s:
                return TypecheckIs(prior, s);
            case SetExpr set:
                return TypecheckSet(prior, set);
            case RecordExpr r:
                return TypecheckRecord(prior, r);
            case ExtensionCallExpr c:
                return TypecheckExtension(prior, c);
            default:
                throw new InvalidOperationException($"unknown expression node {e.GetType().Name}");
        }
    }

    /// <summary>Typechecks <paramref name="e"/> and requires a type that is a subtype of one of <paramref name="expected"/>.</summary>
    public Answer Expect(ImmutableHashSet<string> prior, Expr e, VType[] expected, Func<VType, string?>? help = null)
    {
        var actual = Typecheck(prior, e);
        if (actual.Type is null) return Answer.Fail(null);
        foreach (var t in expected)
        {
            // Permissive subtyping even in strict mode, as the reference does, so "any entity" and "any record"
            // accept every entity and record type.
            if (TypeLattice.IsSubtype(actual.Type, t, strict: false)) return Answer.Make(actual.Type, actual.Ok, actual.Caps);
        }
        var expectedText = expected.Length == 1 ? expected[0].ToString() : string.Join(", or ", expected.Select(x => x.ToString()));
        var hint = help?.Invoke(actual.Type);
        Error(ValidationErrorKind.UnexpectedType, e.Span, $"unexpected type: expected {expectedText} but saw {actual.Type}" + (hint is null ? "" : $"; {hint}"));
        return Answer.Fail(null);
    }

    private void Error(ValidationErrorKind kind, SourceSpan span, string message) => errors.Add(new ValidationError(kind, policyId, span, message));

    private Answer TypecheckLiteral(Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Bool: return Answer.Success(VType.Singleton(value.AsBool));
            case ValueKind.Long: return Answer.Success(VType.Long);
            case ValueKind.String: return Answer.Success(VType.String);
            case ValueKind.Entity:
                var uid = value.AsEntity;
                if (SchemaInfo.IsActionType(uid.Type))
                {
                    // Unknown actions and entity types are reported once per policy by the scope checks.
                    return schema.IsKnownAction(new SchemaActionUid(uid.Type, uid.Id)) ? Answer.Success(VType.Entity(uid.Type)) : Answer.Fail(null);
                }
                return schema.Schema.EntityTypes.ContainsKey(uid.Type) ? Answer.Success(VType.Entity(uid.Type)) : Answer.Fail(null);
            default:
                throw new InvalidOperationException($"unexpected literal of kind {value.Kind}");
        }
    }

    private Answer TypecheckIf(ImmutableHashSet<string> prior, IfExpr e)
    {
        var test = Expect(prior, e.Condition, [VType.Bool]);
        if (test.Type?.Kind == VTypeKind.True)
        {
            var then = Typecheck(prior.Union(test.Caps), e.Then);
            return Answer.Make(then.Type, test.Ok && then.Ok, then.Caps.Union(test.Caps));
        }
        if (test.Type?.Kind == VTypeKind.False)
        {
            var otherwise = Typecheck(prior, e.Else);
            return Answer.Make(otherwise.Type, test.Ok && otherwise.Ok, otherwise.Caps);
        }
        var thenAnswer = Typecheck(prior.Union(test.Caps), e.Then);
        var thenCaps = thenAnswer.Ok ? thenAnswer.Caps.Union(test.Caps) : Answer.NoCaps;
        var elseAnswer = Typecheck(prior, e.Else);
        var lub = LubOrError(e.Span, [thenAnswer.Type, elseAnswer.Type], "both branches of a conditional");
        var ok = test.Ok && thenAnswer.Ok && elseAnswer.Ok && lub is not null;
        return Answer.Make(lub, ok, elseAnswer.Caps.Intersect(thenCaps));
    }

    private Answer TypecheckAnd(ImmutableHashSet<string> prior, Expr leftExpr, Expr rightExpr)
    {
        var left = Expect(prior, leftExpr, [VType.Bool]);
        if (left.Type?.Kind == VTypeKind.False) return Answer.Make(left.Type, left.Ok, Answer.NoCaps);
        var right = Expect(prior.Union(left.Caps), rightExpr, [VType.Bool]);
        var ok = left.Ok && right.Ok;
        if (left.Type is null || right.Type is null) return Answer.Fail(VType.Bool);
        if (right.Type.Kind == VTypeKind.False) return Answer.Make(VType.False, ok, Answer.NoCaps);
        if (right.Type.Kind == VTypeKind.True) return Answer.Make(left.Type, ok, left.Caps.Union(right.Caps));
        if (left.Type.Kind == VTypeKind.True) return Answer.Make(right.Type, ok, right.Caps);
        return Answer.Make(VType.Bool, ok, left.Caps.Union(right.Caps));
    }

    private Answer TypecheckOr(ImmutableHashSet<string> prior, OrExpr e)
    {
        var left = Expect(prior, e.Left, [VType.Bool]);
        if (left.Type?.Kind == VTypeKind.True) return Answer.Make(left.Type, left.Ok, left.Caps);
        var right = Expect(prior, e.Right, [VType.Bool]);
        var ok = left.Ok && right.Ok;
        if (left.Type is null || right.Type is null) return Answer.Fail(VType.Bool);
        if (right.Type.Kind == VTypeKind.True) return Answer.Make(VType.True, ok, right.Caps);
        if (right.Type.Kind == VTypeKind.False) return Answer.Make(left.Type, ok, left.Caps);
        if (left.Type.Kind == VTypeKind.False) return Answer.Make(right.Type, ok, right.Caps);
        return Answer.Make(VType.Bool, ok, right.Caps.Intersect(left.Caps));
    }

    private Answer TypecheckUnary(ImmutableHashSet<string> prior, UnaryExpr e)
    {
        switch (e.Op)
        {
            case UnaryOp.Not:
            {
                var arg = Expect(prior, e.Operand, [VType.Bool]);
                if (arg.Type is null) return Answer.Fail(VType.Bool);
                var type = arg.Type.Kind switch
                {
                    VTypeKind.True => VType.False,
                    VTypeKind.False => VType.True,
                    _ => VType.Bool,
                };
                return Answer.Make(type, arg.Ok, Answer.NoCaps);
            }
            case UnaryOp.Neg:
            {
                var arg = Expect(prior, e.Operand, [VType.Long]);
                return Answer.Make(VType.Long, arg.Ok, Answer.NoCaps);
            }
            default:
            {
                var arg = Expect(prior, e.Operand, [VType.AnySet], actual => actual.Kind == VTypeKind.String ? "try using `== \"\"` to test if a string is empty" : null);
                return Answer.Make(VType.Bool, arg.Ok, Answer.NoCaps);
            }
        }
    }

    private Answer TypecheckBinary(ImmutableHashSet<string> prior, BinaryExpr e)
    {
        switch (e.Op)
        {
            case BinaryOp.Eq:
                return TypecheckEquality(prior, e, e.Left, e.Right);
            case BinaryOp.NotEq:
            {
                // The reference parses `a != b` as `!(a == b)`.
                var eq = TypecheckEquality(prior, e, e.Left, e.Right);
                if (eq.Type is null) return Answer.Fail(VType.Bool);
                var type = eq.Type.Kind switch
                {
                    VTypeKind.True => VType.False,
                    VTypeKind.False => VType.True,
                    _ => VType.Bool,
                };
                return Answer.Make(type, eq.Ok, Answer.NoCaps);
            }
            case BinaryOp.Less:
            case BinaryOp.LessEq:
                return TypecheckComparison(prior, e.Left, e.Right);
            case BinaryOp.Greater:
            case BinaryOp.GreaterEq:
                // The reference parses `a > b` as `b < a`.
                return TypecheckComparison(prior, e.Right, e.Left);
            case BinaryOp.Add:
            case BinaryOp.Sub:
            case BinaryOp.Mul:
            {
                Func<VType, string?> help = actual => (e.Op, actual.Kind) switch
                {
                    (BinaryOp.Add, VTypeKind.String) => "Cedar does not support string concatenation",
                    (_, VTypeKind.Set) => "Cedar does not support computing the union, intersection, or difference of sets",
                    _ => null,
                };
                var left = Expect(prior, e.Left, [VType.Long], help);
                var right = Expect(prior, e.Right, [VType.Long], help);
                return Answer.Make(VType.Long, left.Ok && right.Ok, Answer.NoCaps);
            }
            case BinaryOp.In:
                return TypecheckIn(prior, e, e.Left, e.Right);
            case BinaryOp.Contains:
            {
                var set = Expect(prior, e.Left, [VType.AnySet], SetHelp);
                var element = Typecheck(prior, e.Right);
                var ok = set.Ok && element.Ok;
                var setElement = set.Type?.Kind == VTypeKind.Set ? set.Type.Element : null;
                ok &= StrictEquality(e.Span, setElement, element.Type, "elements of the first operand and the second operand to a `contains` expression");
                return Answer.Make(VType.Bool, ok, Answer.NoCaps);
            }
            case BinaryOp.ContainsAll:
            case BinaryOp.ContainsAny:
            {
                var left = Expect(prior, e.Left, [VType.AnySet], SetHelp);
                var right = Expect(prior, e.Right, [VType.AnySet], _ => "try using `contains` to test if a single element is in a set");
                var ok = left.Ok && right.Ok;
                ok &= StrictEquality(e.Span, left.Type, right.Type, "elements of both set operands to a `containsAll` or `containsAny` expression");
                return Answer.Make(VType.Bool, ok, Answer.NoCaps);
            }
            case BinaryOp.HasTag:
                return TypecheckHasTag(prior, e);
            default:
                return TypecheckGetTag(prior, e);
        }
    }

    private static string? SetHelp(VType actual) => actual.Kind switch
    {
        VTypeKind.Entity or VTypeKind.AnyEntity => "try using `in` for entity hierarchy membership",
        VTypeKind.Record => "try using `has` to test for an attribute",
        VTypeKind.String => "try using `like` to examine the contents of a string",
        _ => null,
    };

    /// <summary>The strict-mode rule that both sides of an equality-like test have a common type; true when satisfied.</summary>
    private bool StrictEquality(SourceSpan span, VType? left, VType? right, string context)
    {
        if (left is null || right is null) return true;
        var lub = TypeLattice.Lub(left, right, Strict);
        if (lub.Type is not null) return true;
        Error(ValidationErrorKind.IncompatibleTypes, span, $"the types {left} and {right} are not compatible ({context}); {lub.Hint}");
        return false;
    }

    private Answer TypecheckEquality(ImmutableHashSet<string> prior, Expr whole, Expr leftExpr, Expr rightExpr)
    {
        var left = Typecheck(prior, leftExpr);
        var right = Typecheck(prior, rightExpr);
        VType type;
        if (left.Type is not null && right.Type is not null && TypeLattice.AreDisjoint(left.Type, right.Type))
        {
            type = VType.False;
        }
        else if (AsLiteral(leftExpr) is { } l && AsLiteral(rightExpr) is { } r)
        {
            type = VType.Singleton(l.Equals(r));
        }
        else
        {
            type = VType.Bool;
        }
        var ok = left.Ok && right.Ok;
        if (type.Kind == VTypeKind.Bool)
        {
            ok &= StrictEquality(whole.Span, left.Type, right.Type, "both operands to a `==` expression");
        }
        return Answer.Make(type, ok, Answer.NoCaps);
    }

    /// <summary>The literal an expression stands for, with the <c>action</c> variable replaced by the environment's action.</summary>
    private Value? AsLiteral(Expr e) => e switch
    {
        LiteralExpr l => l.Value,
        VariableExpr { Variable: Variable.Action } => Value.FromEntity(new EntityUid(env.Action.Type, env.Action.Id)),
        _ => null,
    };

    private static bool IsValidComparisonType(VType t) =>
        t.Kind == VTypeKind.Long
        || (t.Kind == VTypeKind.Extension && ExtensionFunctions.TryParseExtensionType(t.ExtensionName!, out var ext) && ExtensionFunctions.SupportsComparisonOperators(ext));

    private static string ComparisonTypes()
    {
        var names = new List<string>();
        foreach (var name in (string[])["datetime", "decimal", "duration", "ipaddr"])
        {
            if (ExtensionFunctions.TryParseExtensionType(name, out var ext) && ExtensionFunctions.SupportsComparisonOperators(ext)) names.Add(name);
        }
        names.Add("Long");
        return string.Join(", or ", names);
    }

    private Answer TypecheckComparison(ImmutableHashSet<string> prior, Expr leftExpr, Expr rightExpr)
    {
        var a1 = Typecheck(prior, leftExpr);
        var a2 = Typecheck(prior, rightExpr);
        var ok = a1.Ok && a2.Ok;
        var t1 = a1.Type;
        var t2 = a2.Type;
        if (t1 is null || t2 is null) return Answer.Fail(VType.Bool);
        var fine = false;
        if (t1.Kind == VTypeKind.Never && t2.Kind == VTypeKind.Never) fine = false;
        else if (t1.Kind == VTypeKind.Never) fine = IsValidComparisonType(t2) || Mismatch(rightExpr, ComparisonTypes(), t2);
        else if (t2.Kind == VTypeKind.Never) fine = IsValidComparisonType(t1) || Mismatch(leftExpr, ComparisonTypes(), t1);
        else if (t1.Equals(t2) && IsValidComparisonType(t1)) fine = true;
        else if (t1.Kind == VTypeKind.Long) Mismatch(rightExpr, "Long", t2);
        else if (t2.Kind == VTypeKind.Long) Mismatch(leftExpr, "Long", t1);
        else if (IsValidComparisonType(t1)) Mismatch(rightExpr, t1.ToString(), t2);
        else if (IsValidComparisonType(t2)) Mismatch(leftExpr, t2.ToString(), t1);
        else
        {
            Mismatch(leftExpr, ComparisonTypes(), t1);
            Mismatch(rightExpr, ComparisonTypes(), t2);
        }
        return Answer.Make(VType.Bool, ok && fine, Answer.NoCaps);
    }

    /// <summary>Reports an unexpected type; always false so it can end a condition.</summary>
    private bool Mismatch(Expr e, string expected, VType actual)
    {
        Error(ValidationErrorKind.UnexpectedType, e.Span, $"unexpected type: expected {expected} but saw {actual}");
        return false;
    }

    private Answer TypecheckIn(ImmutableHashSet<string> prior, Expr whole, Expr lhsExpr, Expr rhsExpr)
    {
        var lhs = Expect(prior, lhsExpr, [VType.AnyEntity], _ => "try using `contains` to test if a single element is in a set");
        var rhs = Expect(prior, rhsExpr, InRightOperand, actual => actual.Kind switch
        {
            VTypeKind.Set => "try using `contains` to test if a single element is in a set",
            VTypeKind.String => "try using `like` to examine the contents of a string",
            _ => null,
        });
        if (!lhs.Ok || !rhs.Ok) return Answer.Fail(VType.Bool);
        _ = whole;

        var lhsUid = AsLiteral(lhsExpr) is { Kind: ValueKind.Entity } lv ? lv.AsEntity : null;
        var rhsUids = EntityLiterals(rhsExpr);
        if (lhsUid is not null && rhsUids is not null && SchemaInfo.IsActionType(lhsUid.Type))
        {
            var rhsActions = new List<SchemaActionUid>();
            foreach (var uid in rhsUids)
            {
                if (SchemaInfo.IsActionType(uid.Type)) rhsActions.Add(new SchemaActionUid(uid.Type, uid.Id));
            }
            if (rhsActions.Count == 0) return Answer.Success(VType.False);
            var descendants = schema.ActionsInSet(rhsActions);
            if (descendants is null) return Answer.Fail(VType.Bool);
            return Answer.Success(VType.Singleton(descendants.Contains(new SchemaActionUid(lhsUid.Type, lhsUid.Id))));
        }

        var lhsTypes = lhs.Type?.Kind == VTypeKind.Entity ? lhs.Type.Entities : null;
        var rhsTypes = rhs.Type?.Kind switch
        {
            VTypeKind.Entity => rhs.Type.Entities,
            VTypeKind.Set when rhs.Type.Element?.Kind == VTypeKind.Entity => rhs.Type.Element.Entities,
            _ => null,
        };
        if (lhsTypes is not null && rhsTypes is not null && !AnyDescendantOf(lhsTypes, rhsTypes)) return Answer.Success(VType.False);
        return Answer.Success(VType.Bool);
    }

    private bool AnyDescendantOf(string[] lhs, string[] rhs)
    {
        foreach (var l in lhs)
        {
            foreach (var r in rhs)
            {
                if (schema.EntityTypesIn(r).Contains(l) || schema.ActionMayBeIn(l, r)) return true;
            }
        }
        return false;
    }

    /// <summary>The entity uids of a literal (or the action variable) or of a set made only of those; else null.</summary>
    private List<EntityUid>? EntityLiterals(Expr e)
    {
        if (AsLiteral(e) is { } v) return v.Kind == ValueKind.Entity ? [v.AsEntity] : null;
        if (e is not SetExpr set) return null;
        var result = new List<EntityUid>();
        foreach (var element in set.Elements)
        {
            if (AsLiteral(element) is not { Kind: ValueKind.Entity } ev) return null;
            result.Add(ev.AsEntity);
        }
        return result;
    }

    private static string AttrCap(Expr target, string attribute) => "A|" + attribute.Length + ":" + attribute + "|" + ExprShape.Of(target);

    private static string TagCap(Expr target, Expr tag) => "T|" + ExprShape.Of(tag) + "|" + ExprShape.Of(target);

    private VAttribute? LookupAttribute(VType type, string attribute)
    {
        switch (type.Kind)
        {
            case VTypeKind.Record:
                return type.Attributes!.TryGetValue(attribute, out var a) ? a : null;
            case VTypeKind.Entity:
            {
                VAttribute? result = null;
                var first = true;
                foreach (var member in type.Entities!)
                {
                    var attrs = schema.AttributesOf(member).Attributes!;
                    if (!attrs.TryGetValue(attribute, out var attr)) return null;
                    if (first)
                    {
                        result = attr;
                        first = false;
                        continue;
                    }
                    var lub = TypeLattice.Lub(result!.Value.Type, attr.Type, strict: false);
                    if (lub.Type is null) return null;
                    result = new VAttribute(lub.Type, result.Value.Required && attr.Required);
                }
                return result;
            }
            default:
                return null;
        }
    }

    private bool MayHaveAttribute(VType type, string attribute)
    {
        switch (type.Kind)
        {
            case VTypeKind.Never:
            case VTypeKind.AnyEntity:
                return true;
            case VTypeKind.Entity:
                foreach (var member in type.Entities!)
                {
                    if (schema.IsOpenEntityType(member)) return true;
                    if (schema.AttributesOf(member).Attributes!.ContainsKey(attribute)) return true;
                }
                return false;
            case VTypeKind.Record:
                return type.Open || type.Attributes!.ContainsKey(attribute);
            default:
                return false;
        }
    }

    private Answer TypecheckGetAttr(ImmutableHashSet<string> prior, GetAttrExpr e)
    {
        var target = Expect(prior, e.Target, EntityOrRecord);
        if (target.Type is null) return Answer.Fail(null);
        var attr = LookupAttribute(target.Type, e.Attribute);
        if (attr is { } found)
        {
            if (found.Required || prior.Contains(AttrCap(e.Target, e.Attribute))) return Answer.Make(found.Type, target.Ok, Answer.NoCaps);
            Error(ValidationErrorKind.UnsafeOptionalAttributeAccess, e.Span, $"unable to guarantee safety of access to optional attribute {Describe(target.Type, e)}");
            return Answer.Fail(found.Type);
        }
        Error(ValidationErrorKind.UnsafeAttributeAccess, e.Span, $"attribute {Describe(target.Type, e)} not found");
        return Answer.Fail(null);
    }

    private string Describe(VType targetType, GetAttrExpr e)
    {
        if (e.Target is VariableExpr { Variable: Variable.Context }) return $"`{e.Attribute}` in context for {env.Action}";
        return targetType.Kind == VTypeKind.Entity ? $"`{e.Attribute}` on entity type `{targetType}`" : $"`{e.Attribute}`";
    }

    private Answer TypecheckHasAttr(ImmutableHashSet<string> prior, HasAttrExpr e)
    {
        var target = Expect(prior, e.Target, EntityOrRecord, actual => actual.Kind switch
        {
            VTypeKind.Set => "try using `contains` to test if a single element is in a set",
            VTypeKind.String => "try using `like` to examine the contents of a string",
            _ => null,
        });
        if (target.Type is null) return Answer.Fail(VType.Bool);
        var cap = AttrCap(e.Target, e.Attribute);
        var attr = LookupAttribute(target.Type, e.Attribute);
        if (attr is { } found)
        {
            VType type;
            if (found.Required)
            {
                // An entity need not exist in the store, so `has` on a required entity attribute can still be false.
                type = target.Type.Kind == VTypeKind.Record || prior.Contains(cap) ? VType.True : VType.Bool;
            }
            else
            {
                type = prior.Contains(cap) ? VType.True : VType.Bool;
            }
            return Answer.Make(type, target.Ok, [cap]);
        }
        return Answer.Make(MayHaveAttribute(target.Type, e.Attribute) ? VType.Bool : VType.False, target.Ok, Answer.NoCaps);
    }

    private Answer TypecheckIs(ImmutableHashSet<string> prior, IsExpr e)
    {
        if (e.InExpr is not null)
        {
            // `x is T in y` means `x is T && x in y`.
            var isPart = new IsExpr(e.Target, e.EntityType, null, e.Span);
            var inPart = new BinaryExpr(BinaryOp.In, e.Target, e.InExpr, e.Span);
            return TypecheckAnd(prior, isPart, inPart);
        }
        var target = Expect(prior, e.Target, [VType.AnyEntity], _ => "Cedar only supports run time type tests for entities");
        if (target.Type?.Kind == VTypeKind.Entity)
        {
            VType type;
            if (Array.IndexOf(target.Type.Entities!, e.EntityType) < 0) type = VType.False;
            else if (target.Type.SingleEntity == e.EntityType) type = VType.True;
            else type = VType.Bool;
            return Answer.Make(type, target.Ok, Answer.NoCaps);
        }
        if (target.Type?.Kind == VTypeKind.AnyEntity) return Answer.Make(VType.Bool, target.Ok, Answer.NoCaps);
        return Answer.Fail(VType.Bool);
    }

    private Answer TypecheckSet(ImmutableHashSet<string> prior, SetExpr e)
    {
        var ok = true;
        var types = new List<VType?>();
        foreach (var element in e.Elements)
        {
            var a = Typecheck(prior, element);
            ok &= a.Ok;
            types.Add(a.Type);
        }
        var lub = LubOrError(e.Span, types, "elements of a set");
        if (e.Elements.Count == 0)
        {
            Error(ValidationErrorKind.EmptySetForbidden, e.Span, "empty set literals are forbidden in policies");
            return Answer.Fail(null);
        }
        if (lub is null) return Answer.Fail(null);
        return Answer.Make(VType.SetOf(lub), ok, Answer.NoCaps);
    }

    private Answer TypecheckRecord(ImmutableHashSet<string> prior, RecordExpr e)
    {
        var ok = true;
        var known = true;
        var attributes = new SortedDictionary<string, VAttribute>(StringComparer.Ordinal);
        foreach (var (name, value) in e.Attributes)
        {
            var a = Typecheck(prior, value);
            ok &= a.Ok;
            if (a.Type is null) known = false;
            else attributes[name] = new VAttribute(a.Type, true);
        }
        if (!known) return Answer.Fail(null);
        return Answer.Make(VType.Record(attributes, open: false), ok, Answer.NoCaps);
    }

    /// <summary>The LUB of the given types, null when one is unknown or there is none (reported as incompatible types).</summary>
    private VType? LubOrError(SourceSpan span, IReadOnlyList<VType?> types, string context)
    {
        var known = new List<VType>(types.Count);
        foreach (var t in types)
        {
            if (t is null) return null;
            known.Add(t);
        }
        var lub = TypeLattice.LubAll(known, Strict);
        if (lub.Type is not null) return lub.Type;
        Error(ValidationErrorKind.IncompatibleTypes, span, $"the types {JoinAnd(known)} are not compatible ({context}); {lub.Hint}");
        return null;
    }

    private static VType FromSignature(ExtensionType t) => t switch
    {
        ExtensionType.String => VType.String,
        ExtensionType.Long => VType.Long,
        ExtensionType.Bool => VType.Bool,
        _ => VType.Extension(ExtensionFunctions.TypeName(t)),
    };

    private Answer TypecheckExtension(ImmutableHashSet<string> prior, ExtensionCallExpr e)
    {
        if (!ExtensionFunctions.TryGet(e.Name, out var function))
        {
            Error(ValidationErrorKind.UndefinedFunction, e.Span, $"undefined extension function: {e.Name}");
            foreach (var arg in e.Arguments) Typecheck(prior, arg);
            return Answer.Fail(null);
        }
        var returns = FromSignature(function.Returns);
        var failed = false;
        if (e.Arguments.Count != function.Parameters.Length)
        {
            Error(ValidationErrorKind.WrongNumberArguments, e.Span, $"wrong number of arguments in extension function application. Expected {function.Parameters.Length}, got {e.Arguments.Count}");
            failed = true;
        }
        if (function.IsConstructor && e.Arguments.Count == 1 && e.Arguments[0] is LiteralExpr { Value.Kind: ValueKind.String } literal
            && ConstructorArgumentError(function.Name, literal.Value.AsString) is { } message)
        {
            Error(ValidationErrorKind.FunctionArgumentValidation, e.Span, $"error during extension function argument validation: {message}");
            failed = true;
        }
        if (function.IsConstructor)
        {
            foreach (var arg in e.Arguments)
            {
                if (arg is LiteralExpr) continue;
                Error(ValidationErrorKind.NonLiteralExtensionConstructor, e.Span, "extension constructors may not be called with non-literal expressions");
                failed = true;
                break;
            }
        }
        if (failed)
        {
            foreach (var arg in e.Arguments) Typecheck(prior, arg);
            return Answer.Fail(returns);
        }
        var ok = true;
        for (var i = 0; i < e.Arguments.Count; i++)
        {
            ok &= Expect(prior, e.Arguments[i], [FromSignature(function.Parameters[i])]).Ok;
        }
        return Answer.Make(returns, ok, Answer.NoCaps);
    }

    private static string? ConstructorArgumentError(string name, string text)
    {
        switch (name)
        {
            case "ip": return CedarIpAddr.TryParse(text, out _, out var ipError) ? null : ipError.Message;
            case "decimal": return CedarDecimal.TryParse(text, out _, out var decError) ? null : decError.Message;
            case "datetime": return CedarDatetime.TryParse(text, out _, out var dtError) ? null : dtError.Message;
            case "duration": return CedarDuration.TryParse(text, out _, out var durError) ? null : durError.Message;
            default: return null;
        }
    }

    private Answer TypecheckHasTag(ImmutableHashSet<string> prior, BinaryExpr e)
    {
        var entity = Expect(prior, e.Left, [VType.AnyEntity]);
        var tag = Expect(prior, e.Right, [VType.String]);
        var ok = entity.Ok && tag.Ok;
        if (entity.Type is null) return Answer.Fail(null);
        var cap = TagCap(e.Left, e.Right);
        VType type;
        if (TagTypes(entity.Type).Count == 0) type = VType.False;
        else if (prior.Contains(cap)) type = VType.True;
        else type = VType.Bool;
        return Answer.Make(type, ok, [cap]);
    }

    private Answer TypecheckGetTag(ImmutableHashSet<string> prior, BinaryExpr e)
    {
        var entity = Expect(prior, e.Left, [VType.AnyEntity]);
        var tag = Expect(prior, e.Right, [VType.String]);
        var ok = entity.Ok && tag.Ok;
        if (entity.Type is null) return Answer.Fail(null);
        if (!prior.Contains(TagCap(e.Left, e.Right)))
        {
            var on = entity.Type.SingleEntity is { } single ? $" on entity type `{single}`" : "";
            Error(ValidationErrorKind.UnsafeTagAccess, e.Span, $"unable to guarantee safety of access to tag `{ShowTag(e.Right)}`{on}; try testing for the tag's presence with `.hasTag()` first");
            return Answer.Fail(null);
        }
        var tagTypes = TagTypes(entity.Type);
        if (tagTypes.Count == 0)
        {
            var of = entity.Type.SingleEntity is { } single ? $"type `{single}`" : "this type";
            Error(ValidationErrorKind.NoTagsAllowed, e.Span, $"`.getTag()` is not allowed on entities of {of} because no `tags` were declared on the entity type in the schema");
            return Answer.Fail(null);
        }
        var lub = TypeLattice.LubAll(tagTypes, Strict);
        if (lub.Type is null)
        {
            Error(ValidationErrorKind.IncompatibleTypes, e.Span, $"the types {JoinAnd(tagTypes)} are not compatible (tag types for a `.getTag()` operation); {lub.Hint}");
            return Answer.Fail(null);
        }
        return Answer.Make(lub.Type, ok, Answer.NoCaps);
    }

    private static string JoinAnd(IReadOnlyList<VType> types) => types.Count switch
    {
        1 => types[0].ToString(),
        2 => $"{types[0]} and {types[1]}",
        _ => string.Join(", ", types.Take(types.Count - 1)) + $", and {types[^1]}",
    };

    private static string ShowTag(Expr tag) => tag is LiteralExpr { Value.Kind: ValueKind.String } l ? CedarString.Quote(l.Value.AsString) : "{expression}";

    private List<VType> TagTypes(VType entityType)
    {
        var result = new List<VType>();
        IEnumerable<string> members = entityType.Kind == VTypeKind.Entity ? entityType.Entities! : schema.Schema.EntityTypes.Keys;
        foreach (var member in members)
        {
            var tag = schema.TagTypeOf(member);
            if (tag is not null && !result.Contains(tag)) result.Add(tag);
        }
        return result;
    }
}
