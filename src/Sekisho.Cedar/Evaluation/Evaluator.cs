using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Evaluation;

/// <summary>
/// Evaluates expressions for one request against an entity store, with Cedar's semantics: errors are
/// <see cref="EvaluationException"/>s. A struct so that evaluating a request allocates nothing of its own.
/// </summary>
public readonly struct Evaluator
{
    private readonly Request _request;
    private readonly EntityStore _entities;

    public Evaluator(Request request, EntityStore entities)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(entities);
        _request = request;
        _entities = entities;
    }

    /// <summary>Evaluates <paramref name="expr"/> and requires a boolean (a policy condition).</summary>
    public bool EvaluateBool(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return Bool(Evaluate(expr), expr.Span);
    }

    public Value Evaluate(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        switch (expr.Kind)
        {
            case ExprKind.Literal:
                return ((LiteralExpr)expr).Value;
            case ExprKind.Variable:
                return ((VariableExpr)expr).Variable switch
                {
                    Variable.Principal => Value.FromEntity(_request.Principal),
                    Variable.Action => Value.FromEntity(_request.Action),
                    Variable.Resource => Value.FromEntity(_request.Resource),
                    _ => Value.FromRecord(_request.Context),
                };
            case ExprKind.Slot:
                throw new EvaluationException(EvaluationErrorKind.UnlinkedSlot,
                    $"template slot `?{((SlotExpr)expr).Slot.ToString().ToLowerInvariant()}` is not linked", expr.Span);
            case ExprKind.If:
                {
                    var e = (IfExpr)expr;
                    return Bool(Evaluate(e.Condition), e.Condition.Span) ? Evaluate(e.Then) : Evaluate(e.Else);
                }
            case ExprKind.And:
                {
                    var e = (AndExpr)expr;
                    if (!Bool(Evaluate(e.Left), e.Left.Span)) return Value.False;
                    return Value.FromBool(Bool(Evaluate(e.Right), e.Right.Span));
                }
            case ExprKind.Or:
                {
                    var e = (OrExpr)expr;
                    if (Bool(Evaluate(e.Left), e.Left.Span)) return Value.True;
                    return Value.FromBool(Bool(Evaluate(e.Right), e.Right.Span));
                }
            case ExprKind.Unary:
                return EvaluateUnary((UnaryExpr)expr);
            case ExprKind.Binary:
                return EvaluateBinary((BinaryExpr)expr);
            case ExprKind.GetAttr:
                {
                    var e = (GetAttrExpr)expr;
                    return GetAttr(Evaluate(e.Target), e.Attribute, e.Span);
                }
            case ExprKind.HasAttr:
                {
                    var e = (HasAttrExpr)expr;
                    return Value.FromBool(HasAttr(Evaluate(e.Target), e.Attribute, e.Span));
                }
            case ExprKind.Like:
                {
                    var e = (LikeExpr)expr;
                    var v = Evaluate(e.Target);
                    if (v.Kind != ValueKind.String) throw TypeError("string", v, e.Target.Span);
                    return Value.FromBool(e.Pattern.Matches(v.AsString));
                }
            case ExprKind.Is:
                {
                    var e = (IsExpr)expr;
                    var v = Evaluate(e.Target);
                    if (v.Kind != ValueKind.Entity) throw TypeError("entity", v, e.Target.Span);
                    if (!string.Equals(v.AsEntity.Type, e.EntityType, StringComparison.Ordinal)) return Value.False;
                    if (e.InExpr is null) return Value.True;
                    return Value.FromBool(In(v, Evaluate(e.InExpr), e.Span));
                }
            case ExprKind.Set:
                {
                    var e = (SetExpr)expr;
                    if (e.Elements.Count == 0) return Value.FromSet(CedarSet.Empty);
                    var items = new Value[e.Elements.Count];
                    for (var i = 0; i < items.Length; i++) items[i] = Evaluate(e.Elements[i]);
                    return Value.FromSet(CedarSet.Create(items));
                }
            case ExprKind.Record:
                {
                    var e = (RecordExpr)expr;
                    var attrs = new KeyValuePair<string, Value>[e.Attributes.Count];
                    for (var i = 0; i < attrs.Length; i++)
                    {
                        var a = e.Attributes[i];
                        attrs[i] = new KeyValuePair<string, Value>(a.Key, Evaluate(a.Value));
                    }
                    return Value.FromRecord(CedarRecord.Create(attrs));
                }
            case ExprKind.ExtensionCall:
                {
                    var e = (ExtensionCallExpr)expr;
                    var n = e.Arguments.Count;
                    if (n > 4)
                    {
                        var many = new Value[n];
                        for (var i = 0; i < n; i++) many[i] = Evaluate(e.Arguments[i]);
                        return ExtensionCalls.Invoke(e.Name, many, e.Span);
                    }
                    var buffer = default(ValueBuffer);
                    Span<Value> args = buffer;
                    for (var i = 0; i < n; i++) args[i] = Evaluate(e.Arguments[i]);
                    return ExtensionCalls.Invoke(e.Name, args[..n], e.Span);
                }
            default:
                throw new InvalidOperationException($"unknown expression kind {expr.Kind}");
        }
    }

    private Value EvaluateUnary(UnaryExpr e)
    {
        var v = Evaluate(e.Operand);
        switch (e.Op)
        {
            case UnaryOp.Not:
                return Value.FromBool(!Bool(v, e.Operand.Span));
            case UnaryOp.Neg:
                {
                    var n = Long(v, e.Operand.Span);
                    if (n == long.MinValue)
                        throw new EvaluationException(EvaluationErrorKind.IntegerOverflow, $"integer overflow while attempting to negate the value {n}", e.Span);
                    return Value.FromLong(-n);
                }
            default:
                if (v.Kind != ValueKind.Set) throw TypeError("set", v, e.Operand.Span);
                return Value.FromBool(v.AsSet.Count == 0);
        }
    }

    private Value EvaluateBinary(BinaryExpr e)
    {
        var a = Evaluate(e.Left);
        var b = Evaluate(e.Right);
        switch (e.Op)
        {
            case BinaryOp.Eq: return Value.FromBool(a.Equals(b));
            case BinaryOp.NotEq: return Value.FromBool(!a.Equals(b));
            case BinaryOp.Less: return Value.FromBool(Compare(a, b, e) < 0);
            case BinaryOp.LessEq: return Value.FromBool(Compare(a, b, e) <= 0);
            case BinaryOp.Greater: return Value.FromBool(Compare(a, b, e) > 0);
            case BinaryOp.GreaterEq: return Value.FromBool(Compare(a, b, e) >= 0);
            case BinaryOp.Add:
            case BinaryOp.Sub:
            case BinaryOp.Mul:
                return Arithmetic(e, Long(a, e.Left.Span), Long(b, e.Right.Span));
            case BinaryOp.In:
                return Value.FromBool(In(a, b, e.Span));
            case BinaryOp.Contains:
                if (a.Kind != ValueKind.Set) throw TypeError("set", a, e.Left.Span);
                return Value.FromBool(a.AsSet.Contains(b));
            case BinaryOp.ContainsAll:
                if (a.Kind != ValueKind.Set) throw TypeError("set", a, e.Left.Span);
                if (b.Kind != ValueKind.Set) throw TypeError("set", b, e.Right.Span);
                return Value.FromBool(a.AsSet.ContainsAll(b.AsSet));
            case BinaryOp.ContainsAny:
                if (a.Kind != ValueKind.Set) throw TypeError("set", a, e.Left.Span);
                if (b.Kind != ValueKind.Set) throw TypeError("set", b, e.Right.Span);
                return Value.FromBool(a.AsSet.ContainsAny(b.AsSet));
            case BinaryOp.GetTag:
                {
                    if (a.Kind != ValueKind.Entity) throw TypeError("entity", a, e.Left.Span);
                    if (b.Kind != ValueKind.String) throw TypeError("string", b, e.Right.Span);
                    if (!_entities.TryGet(a.AsEntity, out var entity))
                        throw new EvaluationException(EvaluationErrorKind.EntityDoesNotExist, $"entity `{a.AsEntity}` does not exist", e.Left.Span);
                    if (!entity.Tags.TryGetValue(b.AsString, out var tag))
                        throw new EvaluationException(EvaluationErrorKind.TagDoesNotExist, $"`{a.AsEntity}` does not have the tag `{b.AsString}`", e.Span);
                    return tag;
                }
            default:
                {
                    if (a.Kind != ValueKind.Entity) throw TypeError("entity", a, e.Left.Span);
                    if (b.Kind != ValueKind.String) throw TypeError("string", b, e.Right.Span);
                    return Value.FromBool(_entities.TryGet(a.AsEntity, out var entity) && entity.Tags.ContainsKey(b.AsString));
                }
        }
    }

    private static Value Arithmetic(BinaryExpr e, long x, long y)
    {
        long r;
        bool overflow;
        switch (e.Op)
        {
            case BinaryOp.Add:
                r = unchecked(x + y);
                overflow = ((x ^ r) & (y ^ r)) < 0;
                break;
            case BinaryOp.Sub:
                r = unchecked(x - y);
                overflow = ((x ^ y) & (x ^ r)) < 0;
                break;
            default:
                // The 128-bit product fits in 64 bits exactly when its high half is the sign extension of the low half.
                var high = Math.BigMul(x, y, out r);
                overflow = high != (r >> 63);
                break;
        }
        if (overflow)
        {
            var verb = e.Op switch { BinaryOp.Add => "add", BinaryOp.Sub => "subtract", _ => "multiply" };
            throw new EvaluationException(EvaluationErrorKind.IntegerOverflow, $"integer overflow while attempting to {verb} the values {x} and {y}", e.Span);
        }
        return Value.FromLong(r);
    }

    private static int Compare(Value a, Value b, BinaryExpr e)
    {
        if (a.Kind == ValueKind.Long && b.Kind == ValueKind.Long) return a.AsLong.CompareTo(b.AsLong);
        if (a.Kind == ValueKind.Extension && b.Kind == ValueKind.Extension)
        {
            var x = a.AsExtension;
            var y = b.AsExtension;
            if (x.SupportsOrdering && y.SupportsOrdering && string.Equals(x.TypeName, y.TypeName, StringComparison.Ordinal))
                return x.CompareTo(y);
        }
        if (a.Kind == ValueKind.Long) throw TypeError("long", b, e.Right.Span);
        if (b.Kind == ValueKind.Long) throw TypeError("long", a, e.Left.Span);
        if (a.Kind == ValueKind.Extension && a.AsExtension.SupportsOrdering) throw TypeError(a.AsExtension.TypeName, b, e.Right.Span);
        if (b.Kind == ValueKind.Extension && b.AsExtension.SupportsOrdering) throw TypeError(b.AsExtension.TypeName, a, e.Left.Span);
        throw TypeError("one of [long, datetime, duration]", a, e.Left.Span);
    }

    private bool In(Value a, Value b, SourceSpan span)
    {
        if (a.Kind != ValueKind.Entity) throw TypeError("entity", a, span);
        var uid = a.AsEntity;
        if (b.Kind == ValueKind.Entity) return _entities.IsIn(uid, b.AsEntity);
        if (b.Kind != ValueKind.Set) throw TypeError("set or entity", b, span);
        var items = b.AsSet.Items;
        // Every element must be an entity, even after a match is found, as in the reference.
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Kind != ValueKind.Entity) throw TypeError("entity", items[i], span);
        }
        if (!_entities.TryGet(uid, out var entity))
        {
            for (var i = 0; i < items.Length; i++)
            {
                if (items[i].AsEntity.Equals(uid)) return true;
            }
            return false;
        }
        for (var i = 0; i < items.Length; i++)
        {
            if (entity.IsIn(items[i].AsEntity)) return true;
        }
        return false;
    }

    private Value GetAttr(Value target, string attribute, SourceSpan span)
    {
        if (target.Kind == ValueKind.Record)
        {
            if (target.AsRecord.TryGetValue(attribute, out var v)) return v;
            throw new EvaluationException(EvaluationErrorKind.AttributeDoesNotExist, $"record does not have the attribute `{attribute}`", span);
        }
        if (target.Kind != ValueKind.Entity) throw TypeError("entity or record", target, span);
        var uid = target.AsEntity;
        if (!_entities.TryGet(uid, out var entity))
            throw new EvaluationException(EvaluationErrorKind.EntityDoesNotExist, $"entity `{uid}` does not exist", span);
        if (entity.Attributes.TryGetValue(attribute, out var attr)) return attr;
        throw new EvaluationException(EvaluationErrorKind.AttributeDoesNotExist, $"`{uid}` does not have the attribute `{attribute}`", span);
    }

    private bool HasAttr(Value target, string attribute, SourceSpan span)
    {
        if (target.Kind == ValueKind.Record) return target.AsRecord.ContainsKey(attribute);
        if (target.Kind != ValueKind.Entity) throw TypeError("entity or record", target, span);
        return _entities.TryGet(target.AsEntity, out var entity) && entity.Attributes.ContainsKey(attribute);
    }

    private static bool Bool(Value v, SourceSpan span) =>
        v.Kind == ValueKind.Bool ? v.AsBool : throw TypeError("bool", v, span);

    private static long Long(Value v, SourceSpan span) =>
        v.Kind == ValueKind.Long ? v.AsLong : throw TypeError("long", v, span);

    private static EvaluationException TypeError(string expected, Value actual, SourceSpan span) =>
        new(EvaluationErrorKind.TypeError, $"type error: expected {expected}, got {actual.TypeName}", span);
}
