using System.Globalization;
using System.Text;
using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Formatting;

/// <summary>
/// Formats Cedar policy text in the reference formatter's layout: annotations one per line, the scope on one
/// line or one constraint per line, <c>when</c>/<c>unless</c> bodies broken at <c>&amp;&amp;</c>/<c>||</c>,
/// <c>if</c>, member chains, sets and records when they do not fit in the line width, a blank line between
/// policies. It works from the AST, so parentheses are the minimal ones the precedence needs and literals are
/// written in their canonical form; <c>//</c> comments are kept, attached to the nearest policy, scope or
/// condition (a comment inside an expression moves to the end of its condition).
/// </summary>
public static class PolicyFormatter
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar",
    };

    /// <summary>The formatted text; throws <see cref="CedarParseException"/> when the text is not valid Cedar.</summary>
    public static string Format(string text, FormatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= FormatOptions.Default;
        var policies = Parser.ParsePolicies(text);
        var comments = CommentPlacement.Place(SourceComment.Scan(text), policies);
        var indent = options.IndentWidth;
        var parts = new List<Doc>();
        for (var i = 0; i < policies.Count; i++)
        {
            if (i > 0)
            {
                parts.Add(Doc.HardLine);
                parts.Add(Doc.HardLine);
            }
            parts.Add(PolicyDoc(policies[i], comments.For(i), indent));
        }
        if (comments.Trailing.Count > 0)
        {
            if (policies.Count > 0)
            {
                parts.Add(Doc.HardLine);
                parts.Add(Doc.HardLine);
            }
            parts.Add(Doc.Join(Doc.HardLine, comments.Trailing.Select(Doc.Text).ToList()));
        }
        var rendered = DocRenderer.Render(Doc.Concat([.. parts]), options.LineWidth);
        return rendered.Length == 0 ? "" : rendered + "\n";
    }

    /// <summary>One policy without comments (as <c>Format</c> would print it).</summary>
    public static string FormatPolicy(Policy policy, FormatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        options ??= FormatOptions.Default;
        return DocRenderer.Render(PolicyDoc(policy, CommentPlacement.PolicyComments.None(policy.Conditions.Count), options.IndentWidth), options.LineWidth);
    }

    /// <summary>One expression on one line, with the minimal parentheses.</summary>
    public static string FormatExpression(Expr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        return DocRenderer.Render(new ExprPrinter(2).Print(expr, 0), int.MaxValue);
    }

    private static Doc PolicyDoc(Policy p, CommentPlacement.PolicyComments comments, int indent)
    {
        var parts = new List<Doc>();
        foreach (var c in comments.Leading)
        {
            parts.Add(Doc.Text(c));
            parts.Add(Doc.HardLine);
        }
        foreach (var a in p.Annotations)
        {
            parts.Add(Doc.Text(a.Value is null ? "@" + a.Key : $"@{a.Key}({CedarString.Quote(a.Value)})"));
            parts.Add(Doc.HardLine);
        }
        // Like the reference, the scope stays on one line only when none of its parts is constrained.
        var effect = p.Effect == Effect.Permit ? "permit (" : "forbid (";
        if (p.Principal.Kind == ScopeKind.Any && p.Action.Kind == ScopeKind.Any && p.Resource.Kind == ScopeKind.Any)
        {
            parts.Add(Doc.Text(effect + "principal, action, resource)"));
        }
        else
        {
            parts.Add(Doc.Concat(
                Doc.Text(effect),
                Doc.Nest(indent, Doc.Concat(
                    Doc.HardLine, Doc.Text(Scope("principal", p.Principal)), Doc.Text(","),
                    Doc.HardLine, Doc.Text(Action(p.Action)), Doc.Text(","),
                    Doc.HardLine, Doc.Text(Scope("resource", p.Resource)))),
                Doc.HardLine,
                Doc.Text(")")));
        }
        var printer = new ExprPrinter(indent);
        var last = p.Conditions.Count - 1;
        if (last < 0)
        {
            parts.Add(Doc.Text(";"));
            parts.Add(CommentsAfter(comments.AfterScope.Concat(comments.AfterSemicolon).ToList()));
        }
        else
        {
            parts.Add(CommentsAfter(comments.AfterScope));
        }
        for (var i = 0; i <= last; i++)
        {
            var c = p.Conditions[i];
            parts.Add(Doc.HardLine);
            parts.Add(Doc.Group(Doc.Concat(
                Doc.Text(c.IsWhen ? "when" : "unless"),
                Doc.Line,
                Doc.Group(Doc.Concat(Doc.Text("{"), Doc.Nest(indent, Doc.Concat(Doc.Line, printer.Print(c.Body, 0))), Doc.Line, Doc.Text("}"))))));
            if (i == last)
            {
                parts.Add(Doc.Text(";"));
                parts.Add(CommentsAfter(comments.AfterCondition[i].Concat(comments.AfterSemicolon).ToList()));
            }
            else
            {
                parts.Add(CommentsAfter(comments.AfterCondition[i]));
            }
        }
        return Doc.Concat([.. parts]);
    }

    private static Doc CommentsAfter(IReadOnlyList<string> comments)
    {
        if (comments.Count == 0) return Doc.Empty;
        var parts = new List<Doc> { Doc.Text(" " + comments[0]) };
        for (var i = 1; i < comments.Count; i++)
        {
            parts.Add(Doc.HardLine);
            parts.Add(Doc.Text(comments[i]));
        }
        return Doc.Concat([.. parts]);
    }

    private static string Scope(string variable, ScopeConstraint c)
    {
        var target = c.Slot is { } slot ? (slot == SlotId.Principal ? "?principal" : "?resource") : c.Entity?.ToString();
        return c.Kind switch
        {
            ScopeKind.Any => variable,
            ScopeKind.Eq => $"{variable} == {target}",
            ScopeKind.In => $"{variable} in {target}",
            ScopeKind.Is => $"{variable} is {c.EntityType}",
            ScopeKind.IsIn => $"{variable} is {c.EntityType} in {target}",
            _ => throw new CedarException($"unknown scope constraint kind {c.Kind}"),
        };
    }

    private static string Action(ActionConstraint c) => c.Kind switch
    {
        ScopeKind.Any => "action",
        ScopeKind.Eq => $"action == {c.Entities[0]}",
        ScopeKind.In when !c.IsList => $"action in {c.Entities[0]}",
        ScopeKind.In => "action in [" + string.Join(", ", c.Entities.Select(e => e.ToString())) + "]",
        _ => throw new CedarException($"unknown action constraint kind {c.Kind}"),
    };

    internal static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }
        return !Reserved.Contains(name);
    }

    /// <summary>Expressions to docs, parenthesising only where Cedar's precedence needs it.</summary>
    private sealed class ExprPrinter(int indent)
    {
        // Precedence levels, loosest first.
        private const int IfLevel = 0, OrLevel = 1, AndLevel = 2, RelationLevel = 3, AddLevel = 4, MulLevel = 5, UnaryLevel = 6, MemberLevel = 7, PrimaryLevel = 8;

        public Doc Print(Expr e, int minLevel)
        {
            var doc = Raw(e);
            return Level(e) >= minLevel ? doc : Doc.Concat(Doc.Text("("), doc, Doc.Text(")"));
        }

        private static int Level(Expr e) => e switch
        {
            IfExpr => IfLevel,
            OrExpr => OrLevel,
            AndExpr => AndLevel,
            BinaryExpr b => b.Op switch
            {
                BinaryOp.Add or BinaryOp.Sub => AddLevel,
                BinaryOp.Mul => MulLevel,
                BinaryOp.Contains or BinaryOp.ContainsAll or BinaryOp.ContainsAny or BinaryOp.GetTag or BinaryOp.HasTag => MemberLevel,
                _ => RelationLevel,
            },
            HasAttrExpr or LikeExpr or IsExpr => RelationLevel,
            UnaryExpr u => u.Op == UnaryOp.IsEmpty ? MemberLevel : UnaryLevel,
            // A negative literal is written with a minus sign, so it binds like a unary operator.
            LiteralExpr { Value.Kind: ValueKind.Long } l when l.Value.AsLong < 0 => UnaryLevel,
            GetAttrExpr => MemberLevel,
            ExtensionCallExpr { IsMethod: true } => MemberLevel,
            _ => PrimaryLevel,
        };

        private Doc Raw(Expr e)
        {
            switch (e)
            {
                case LiteralExpr l:
                    return Doc.Text(Literal(l.Value));
                case VariableExpr v:
                    return Doc.Text(Json.PolicyJsonWriter.VariableName(v.Variable));
                case SlotExpr s:
                    return Doc.Text(s.Slot == SlotId.Principal ? "?principal" : "?resource");
                case IfExpr f:
                    return Doc.Group(Doc.Concat(
                        Doc.Text("if"), Doc.Nest(indent, Doc.Concat(Doc.Line, Print(f.Condition, IfLevel))),
                        Doc.Line, Doc.Text("then"), Doc.Nest(indent, Doc.Concat(Doc.Line, Print(f.Then, IfLevel))),
                        Doc.Line, Doc.Text("else"), Doc.Nest(indent, Doc.Concat(Doc.Line, Print(f.Else, IfLevel)))));
                case OrExpr or AndExpr:
                    {
                        var items = new List<Doc>();
                        Flatten(e, allowOr: e is OrExpr, items);
                        return Doc.Group(Doc.Concat([.. items]));
                    }
                case BinaryExpr b:
                    return Binary(b);
                case UnaryExpr u:
                    return u.Op switch
                    {
                        UnaryOp.Not => Doc.Concat(Doc.Text("!"), Print(u.Operand, UnaryLevel)),
                        // `-1` would read back as the literal -1, so a negated non-negative literal keeps parentheses.
                        UnaryOp.Neg when u.Operand is LiteralExpr { Value.Kind: ValueKind.Long } lit && lit.Value.AsLong >= 0 =>
                            Doc.Text("-(" + Literal(lit.Value) + ")"),
                        UnaryOp.Neg => Doc.Concat(Doc.Text("-"), Print(u.Operand, UnaryLevel)),
                        _ => Doc.Concat(Print(u.Operand, MemberLevel), Doc.Text(".isEmpty()")),
                    };
                case GetAttrExpr g:
                    return MemberChain(g);
                case HasAttrExpr h:
                    return Doc.Concat(Print(h.Target, AddLevel), Doc.Text(" has " + (IsPlainIdentifier(h.Attribute) ? h.Attribute : CedarString.Quote(h.Attribute))));
                case LikeExpr l:
                    return Doc.Concat(Print(l.Target, AddLevel), Doc.Text(" like " + l.Pattern));
                case IsExpr i:
                    return i.InExpr is null
                        ? Doc.Concat(Print(i.Target, AddLevel), Doc.Text(" is " + i.EntityType))
                        : Doc.Concat(Print(i.Target, AddLevel), Doc.Text($" is {i.EntityType} in "), Print(i.InExpr, AddLevel));
                case SetExpr s:
                    return Doc.Group(Doc.Concat(Doc.Text("["), Doc.Align(Doc.Join(Doc.Concat(Doc.Text(","), Doc.Line), s.Elements.Select(x => Print(x, IfLevel)).ToList())), Doc.Text("]")));
                case RecordExpr r:
                    {
                        if (r.Attributes.Count == 0) return Doc.Text("{}");
                        var fields = r.Attributes.Select(a => Doc.Concat(Doc.Text((IsPlainIdentifier(a.Key) ? a.Key : CedarString.Quote(a.Key)) + ": "), Print(a.Value, IfLevel))).ToList();
                        return Doc.Group(Doc.Concat(Doc.Text("{"), Doc.Nest(indent, Doc.Concat(Doc.Line, Doc.Join(Doc.Concat(Doc.Text(","), Doc.Line), fields))), Doc.Line, Doc.Text("}")));
                    }
                case ExtensionCallExpr x when x.IsMethod && x.Arguments.Count > 0:
                    return MemberChain(x);
                case ExtensionCallExpr x:
                    return Doc.Concat(Doc.Text(x.Name + "("), Arguments(x.Arguments, 0), Doc.Text(")"));
                default:
                    throw new CedarException($"cannot format expression kind {e.Kind}");
            }
        }

        private void Flatten(Expr e, bool allowOr, List<Doc> items)
        {
            switch (e)
            {
                case OrExpr o when allowOr:
                    Flatten(o.Left, allowOr: true, items);
                    items.Add(Doc.Text(" ||"));
                    items.Add(Doc.Line);
                    Flatten(o.Right, allowOr: false, items);
                    break;
                case AndExpr a:
                    Flatten(a.Left, allowOr: false, items);
                    items.Add(Doc.Text(" &&"));
                    items.Add(Doc.Line);
                    items.Add(Print(a.Right, RelationLevel));
                    break;
                default:
                    items.Add(Print(e, allowOr ? RelationLevel : (e is OrExpr ? AndLevel : RelationLevel)));
                    break;
            }
        }

        private void FlattenArithmetic(Expr e, int level, List<Doc> items)
        {
            if (e is BinaryExpr b && Level(b) == level && b.Op is BinaryOp.Add or BinaryOp.Sub or BinaryOp.Mul)
            {
                FlattenArithmetic(b.Left, level, items);
                items.Add(Doc.Text(b.Op switch { BinaryOp.Add => " +", BinaryOp.Sub => " -", _ => " *" }));
                items.Add(Doc.Line);
                items.Add(Print(b.Right, level + 1));
                return;
            }
            items.Add(Print(e, level));
        }

        private Doc Binary(BinaryExpr b)
        {
            switch (b.Op)
            {
                case BinaryOp.Contains:
                case BinaryOp.ContainsAll:
                case BinaryOp.ContainsAny:
                case BinaryOp.GetTag:
                case BinaryOp.HasTag:
                    return MemberChain(b);
                case BinaryOp.Add:
                case BinaryOp.Sub:
                case BinaryOp.Mul:
                    {
                        // Left-associative chains break after each operator, like && and ||.
                        var items = new List<Doc>();
                        FlattenArithmetic(b, Level(b), items);
                        return Doc.Group(Doc.Concat([.. items]));
                    }
                default:
                    return Doc.Concat(Print(b.Left, AddLevel), Doc.Text(" " + Json.PolicyJsonWriter.BinaryName(b.Op) + " "), Print(b.Right, AddLevel));
            }
        }

        // `a.b.c.d(x)`: the receiver, its first access, then one access per line when the chain does not fit.
        private Doc MemberChain(Expr e)
        {
            var accesses = new List<Doc>();
            var current = e;
            while (true)
            {
                var access = Access(current, out var receiver);
                if (access is null) break;
                accesses.Add(access);
                current = receiver!;
                if (Level(current) != MemberLevel) break;
            }
            accesses.Reverse();
            var parts = new List<Doc> { Print(current, MemberLevel), accesses[0] };
            var rest = new List<Doc>();
            for (var i = 1; i < accesses.Count; i++)
            {
                rest.Add(Doc.SoftLine);
                rest.Add(accesses[i]);
            }
            if (rest.Count > 0) parts.Add(Doc.Nest(indent, Doc.Concat([.. rest])));
            return Doc.Group(Doc.Concat([.. parts]));
        }

        private Doc? Access(Expr e, out Expr? receiver)
        {
            switch (e)
            {
                case GetAttrExpr g:
                    receiver = g.Target;
                    return Doc.Text(IsPlainIdentifier(g.Attribute) ? "." + g.Attribute : "[" + CedarString.Quote(g.Attribute) + "]");
                case UnaryExpr { Op: UnaryOp.IsEmpty } u:
                    receiver = u.Operand;
                    return Doc.Text(".isEmpty()");
                case BinaryExpr b when Level(b) == MemberLevel:
                    receiver = b.Left;
                    return Doc.Concat(Doc.Text("." + MethodName(b.Op) + "("), Print(b.Right, IfLevel), Doc.Text(")"));
                case ExtensionCallExpr { IsMethod: true } x when x.Arguments.Count > 0:
                    receiver = x.Arguments[0];
                    return Doc.Concat(Doc.Text("." + x.Name + "("), Arguments(x.Arguments, 1), Doc.Text(")"));
                default:
                    receiver = null;
                    return null;
            }
        }

        private Doc Arguments(IReadOnlyList<Expr> args, int from)
        {
            var docs = new List<Doc>();
            for (var i = from; i < args.Count; i++) docs.Add(Print(args[i], IfLevel));
            return Doc.Join(Doc.Text(", "), docs);
        }

        private static string MethodName(BinaryOp op) => op switch
        {
            BinaryOp.Contains => "contains",
            BinaryOp.ContainsAll => "containsAll",
            BinaryOp.ContainsAny => "containsAny",
            BinaryOp.GetTag => "getTag",
            _ => "hasTag",
        };

        private static string Literal(Value v) => v.Kind switch
        {
            ValueKind.Bool => v.AsBool ? "true" : "false",
            ValueKind.Long => v.AsLong.ToString(CultureInfo.InvariantCulture),
            ValueKind.String => CedarString.Quote(v.AsString),
            ValueKind.Entity => v.AsEntity.ToString(),
            _ => throw new CedarException($"cannot format a {v.TypeName} literal"),
        };
    }
}
