using System.Globalization;
using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Syntax;

/// <summary>
/// Recursive-descent parser for Cedar 4 policy text. Precedence, lowest first: <c>if</c>, <c>||</c>,
/// <c>&amp;&amp;</c>, relations (<c>== != &lt; &lt;= &gt; &gt;= in has like is</c>, not chainable), <c>+ -</c>,
/// <c>*</c>, unary <c>! -</c> (at most four), member access and method calls.
/// </summary>
public sealed class Parser
{
    private const int MaxUnaryOperators = 4;

    // Deeper nesting is refused rather than risking the stack of the parser and, later, the evaluator.
    private const int MaxNesting = 1000;

    private static readonly Dictionary<string, int> ExtensionFunctions = new(StringComparer.Ordinal)
    {
        ["ip"] = 1,
        ["decimal"] = 1,
        ["datetime"] = 1,
        ["duration"] = 1,
    };

    /// <summary>Extension functions and methods with their argument counts (a method's receiver not counted).</summary>
    public static IReadOnlyDictionary<string, int> ExtensionFunctionArity => ExtensionFunctions;

    public static IReadOnlyDictionary<string, int> ExtensionMethodArity => ExtensionMethods;

    private static readonly Dictionary<string, int> ExtensionMethods = new(StringComparer.Ordinal)
    {
        ["isIpv4"] = 0,
        ["isIpv6"] = 0,
        ["isLoopback"] = 0,
        ["isMulticast"] = 0,
        ["isInRange"] = 1,
        ["lessThan"] = 1,
        ["lessThanOrEqual"] = 1,
        ["greaterThan"] = 1,
        ["greaterThanOrEqual"] = 1,
        ["offset"] = 1,
        ["durationSince"] = 1,
        ["toDate"] = 0,
        ["toTime"] = 0,
        ["toMilliseconds"] = 0,
        ["toSeconds"] = 0,
        ["toMinutes"] = 0,
        ["toHours"] = 0,
        ["toDays"] = 0,
    };

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar",
    };

    private static readonly HashSet<string> ReservedKeywords = new(StringComparer.Ordinal)
    {
        "true", "false", "if", "then", "else", "in", "is", "like", "has",
    };

    private readonly List<Token> _tokens;
    private int _pos;
    private int _depth;

    private Parser(string text)
    {
        _tokens = Lexer.Tokenize(text);
    }

    /// <summary>All policies and templates in <paramref name="text"/>, with ids <c>policy0</c>, <c>policy1</c>, ... by position.</summary>
    public static IReadOnlyList<Policy> ParsePolicies(string text)
    {
        var p = new Parser(text);
        var result = new List<Policy>();
        while (p.Peek.Kind != TokenKind.EndOfInput)
        {
            result.Add(p.ParsePolicy("policy" + result.Count.ToString(CultureInfo.InvariantCulture)));
        }
        return result;
    }

    /// <summary>Exactly one policy (or template) in <paramref name="text"/>, given id <paramref name="id"/>.</summary>
    public static Policy ParsePolicy(string text, string id)
    {
        var p = new Parser(text);
        var policy = p.ParsePolicy(id);
        p.Expect(TokenKind.EndOfInput, "end of input after the policy");
        return policy;
    }

    /// <summary>One expression (as found in a <c>when</c> clause).</summary>
    public static Expr ParseExpression(string text)
    {
        var p = new Parser(text);
        var e = p.ParseExpr();
        p.Expect(TokenKind.EndOfInput, "end of input after the expression");
        return e;
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private Token Next() => _tokens[_pos < _tokens.Count - 1 ? _pos++ : _pos];

    private bool IsWord(string word) => Peek.Kind == TokenKind.Identifier && Peek.Text == word;

    private bool Accept(TokenKind kind)
    {
        if (Peek.Kind != kind) return false;
        Next();
        return true;
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (Peek.Kind != kind) throw Unexpected(what);
        return Next();
    }

    private void ExpectWord(string word, string what)
    {
        if (!IsWord(word)) throw Unexpected(what);
        Next();
    }

    /// <summary>An attribute name written as an identifier: keywords and <c>__cedar</c> are reserved.</summary>
    private static string Unreserved(Token t)
    {
        if (ReservedKeywords.Contains(t.Text) || t.Text == "__cedar")
            throw new CedarParseException($"this identifier is reserved and cannot be used: `{t.Text}`", t.Span);
        return t.Text;
    }

    /// <summary>A segment of a type or namespace path: keywords are reserved.</summary>
    private static string PathSegment(Token t)
    {
        if (ReservedKeywords.Contains(t.Text))
            throw new CedarParseException($"this identifier is reserved and cannot be used: `{t.Text}`", t.Span);
        return t.Text;
    }

    private CedarParseException Unexpected(string expected) =>
        new($"unexpected {Peek.Describe()}, expected {expected}", Peek.Span);

    private SourceSpan SpanFrom(SourceSpan start)
    {
        var last = _tokens[Math.Max(0, _pos - 1)].Span;
        return new SourceSpan(start.Start, Math.Max(start.End, last.End), start.Line, start.Column);
    }

    // ---- policies ----

    private Policy ParsePolicy(string id)
    {
        var start = Peek.Span;
        var annotations = new List<Annotation>();
        while (Peek.Kind == TokenKind.At)
        {
            var at = Next().Span;
            var key = Expect(TokenKind.Identifier, "an annotation name after `@`");
            string? value = null;
            if (Accept(TokenKind.LeftParen))
            {
                value = StringEscapes.Unescape(Expect(TokenKind.String, "a string literal as the annotation's value"));
                Expect(TokenKind.RightParen, "`)` after the annotation's value");
            }
            foreach (var a in annotations)
            {
                if (a.Key == key.Text) throw new CedarParseException($"duplicate annotation `@{key.Text}`", at);
            }
            annotations.Add(new Annotation(key.Text, value, SpanFrom(at)));
        }
        Effect effect;
        if (IsWord("permit")) effect = Effect.Permit;
        else if (IsWord("forbid")) effect = Effect.Forbid;
        else throw Unexpected(annotations.Count == 0 ? "`permit` or `forbid`" : "`@`, `permit` or `forbid`");
        Next();
        Expect(TokenKind.LeftParen, "`(` after the effect");
        var principal = ParseScopeConstraint("principal", SlotId.Principal);
        Expect(TokenKind.Comma, "`,` after the principal constraint");
        var action = ParseActionConstraint();
        Expect(TokenKind.Comma, "`,` after the action constraint");
        var resource = ParseScopeConstraint("resource", SlotId.Resource);
        if (Accept(TokenKind.Comma) && Peek.Kind != TokenKind.RightParen)
            throw Unexpected("`)`: a policy scope has exactly principal, action and resource");
        Expect(TokenKind.RightParen, "`)` after the resource constraint");
        var conditions = new List<Condition>();
        while (IsWord("when") || IsWord("unless"))
        {
            var cstart = Peek.Span;
            var isWhen = Next().Text == "when";
            Expect(TokenKind.LeftBrace, "`{` after `" + (isWhen ? "when" : "unless") + "`");
            if (Peek.Kind == TokenKind.RightBrace) throw Unexpected("an expression: a condition cannot be empty");
            var body = ParseExpr();
            Expect(TokenKind.RightBrace, "`}` after the condition");
            conditions.Add(new Condition(isWhen, body, SpanFrom(cstart)));
        }
        Expect(TokenKind.Semicolon, conditions.Count == 0 ? "`when`, `unless` or `;`" : "`when`, `unless` or `;` after the condition");
        return new Policy(id, effect, annotations, principal, action, resource, conditions, SpanFrom(start));
    }

    private ScopeConstraint ParseScopeConstraint(string variable, SlotId slot)
    {
        var start = Peek.Span;
        ExpectWord(variable, $"`{variable}`");
        if (Accept(TokenKind.EqEq))
        {
            var (uid, s) = ParseScopeTarget(variable, slot);
            return new ScopeConstraint(ScopeKind.Eq, uid, s, null, SpanFrom(start));
        }
        if (IsWord("in"))
        {
            Next();
            var (uid, s) = ParseScopeTarget(variable, slot);
            return new ScopeConstraint(ScopeKind.In, uid, s, null, SpanFrom(start));
        }
        if (IsWord("is"))
        {
            Next();
            var type = ParsePath("an entity type after `is`");
            if (IsWord("in"))
            {
                Next();
                var (uid, s) = ParseScopeTarget(variable, slot);
                return new ScopeConstraint(ScopeKind.IsIn, uid, s, type, SpanFrom(start));
            }
            return new ScopeConstraint(ScopeKind.Is, null, null, type, SpanFrom(start));
        }
        if (Peek.Kind is TokenKind.Comma or TokenKind.RightParen) return ScopeConstraint.Any(SpanFrom(start));
        throw Unexpected($"`==`, `in`, `is`, `,` or `)` after `{variable}`");
    }

    private (EntityUid? Uid, SlotId? Slot) ParseScopeTarget(string variable, SlotId slot)
    {
        if (Peek.Kind == TokenKind.Slot)
        {
            var t = Next();
            if (t.Text != "?" + variable)
                throw new CedarParseException($"`{t.Text}` cannot be used in the {variable} constraint; expected `?{variable}`", t.Span);
            return (null, slot);
        }
        return (ParseEntityReference($"an entity reference or `?{variable}`"), null);
    }

    private ActionConstraint ParseActionConstraint()
    {
        var start = Peek.Span;
        ExpectWord("action", "`action`");
        if (Accept(TokenKind.EqEq))
            return new ActionConstraint(ScopeKind.Eq, [ParseActionEntity()], false, SpanFrom(start));
        if (IsWord("in"))
        {
            Next();
            if (Accept(TokenKind.LeftBracket))
            {
                var list = new List<EntityUid>();
                while (Peek.Kind != TokenKind.RightBracket)
                {
                    list.Add(ParseActionEntity());
                    if (!Accept(TokenKind.Comma)) break;
                }
                Expect(TokenKind.RightBracket, "`,` or `]` in the list of actions");
                return new ActionConstraint(ScopeKind.In, list, true, SpanFrom(start));
            }
            return new ActionConstraint(ScopeKind.In, [ParseActionEntity()], false, SpanFrom(start));
        }
        if (IsWord("is"))
            throw new CedarParseException("`is` cannot be used in the action constraint", Peek.Span);
        if (Peek.Kind is TokenKind.Comma or TokenKind.RightParen) return ActionConstraint.Any(SpanFrom(start));
        throw Unexpected("`==`, `in`, `,` or `)` after `action`");
    }

    private EntityUid ParseActionEntity()
    {
        if (Peek.Kind == TokenKind.Slot) throw new CedarParseException($"template slot `{Peek.Text}` cannot be used in the action constraint", Peek.Span);
        var start = Peek.Span;
        var uid = ParseEntityReference("an action entity reference");
        if (!(uid.Type == "Action" || uid.Type.EndsWith("::Action", StringComparison.Ordinal)))
            throw new CedarParseException($"expected an entity of type `Action` in the action constraint, found `{uid}`", start);
        return uid;
    }

    private EntityUid ParseEntityReference(string expected)
    {
        if (Peek.Kind != TokenKind.Identifier) throw Unexpected(expected);
        var parts = new List<string> { PathSegment(Next()) };
        while (true)
        {
            if (Peek.Kind != TokenKind.DoubleColon) throw Unexpected("`::` in the entity reference");
            Next();
            if (Peek.Kind == TokenKind.String)
            {
                var id = StringEscapes.Unescape(Next());
                return new EntityUid(string.Join("::", parts), id);
            }
            parts.Add(PathSegment(Expect(TokenKind.Identifier, "an identifier or a string literal after `::`")));
        }
    }

    private string ParsePath(string expected)
    {
        var first = PathSegment(Expect(TokenKind.Identifier, expected));
        if (Peek.Kind != TokenKind.DoubleColon || PeekAt(1).Kind != TokenKind.Identifier) return first;
        var parts = new List<string> { first };
        while (Peek.Kind == TokenKind.DoubleColon && PeekAt(1).Kind == TokenKind.Identifier)
        {
            Next();
            parts.Add(PathSegment(Next()));
        }
        return string.Join("::", parts);
    }

    // ---- expressions ----

    private Expr ParseExpr()
    {
        Deeper();
        try
        {
            return ParseExprInner();
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>
    /// Counts one more level of the tree being built (nesting and each link of an operator chain), so no policy
    /// can make the parser or the evaluator recurse deeper than <see cref="MaxNesting"/>.
    /// </summary>
    private void Deeper()
    {
        if (++_depth > MaxNesting)
            throw new CedarParseException($"expression nested more than {MaxNesting} levels deep", Peek.Span);
    }

    private Expr ParseExprInner()
    {
        if (IsWord("if"))
        {
            var start = Next().Span;
            var cond = ParseExpr();
            ExpectWord("then", "`then`");
            var then = ParseExpr();
            ExpectWord("else", "`else`");
            var els = ParseExpr();
            return new IfExpr(cond, then, els, SpanFrom(start));
        }
        return ParseOr();
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        var saved = _depth;
        while (Peek.Kind == TokenKind.OrOr)
        {
            Deeper();
            Next();
            var right = ParseAnd();
            left = new OrExpr(left, right, SpanFrom(left.Span));
        }
        _depth = saved;
        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseRelation();
        var saved = _depth;
        while (Peek.Kind == TokenKind.AndAnd)
        {
            Deeper();
            Next();
            var right = ParseRelation();
            left = new AndExpr(left, right, SpanFrom(left.Span));
        }
        _depth = saved;
        return left;
    }

    private Expr ParseRelation()
    {
        var left = ParseAdd();
        var op = Peek.Kind switch
        {
            TokenKind.EqEq => BinaryOp.Eq,
            TokenKind.NotEq => BinaryOp.NotEq,
            TokenKind.Less => BinaryOp.Less,
            TokenKind.LessEq => BinaryOp.LessEq,
            TokenKind.Greater => BinaryOp.Greater,
            TokenKind.GreaterEq => BinaryOp.GreaterEq,
            _ => (BinaryOp?)null,
        };
        if (op is { } binary)
        {
            Next();
            var right = ParseAdd();
            return new BinaryExpr(binary, left, right, SpanFrom(left.Span));
        }
        if (IsWord("in"))
        {
            Next();
            var right = ParseAdd();
            return new BinaryExpr(BinaryOp.In, left, right, SpanFrom(left.Span));
        }
        if (IsWord("has")) return ParseHas(left);
        if (IsWord("like"))
        {
            Next();
            var pattern = StringEscapes.UnescapePattern(Expect(TokenKind.String, "a string literal pattern after `like`"));
            return new LikeExpr(left, pattern, SpanFrom(left.Span));
        }
        if (IsWord("is"))
        {
            Next();
            var type = ParsePath("an entity type after `is`");
            Expr? inExpr = null;
            if (IsWord("in"))
            {
                Next();
                inExpr = ParseAdd();
            }
            return new IsExpr(left, type, inExpr, SpanFrom(left.Span));
        }
        return left;
    }

    private Expr ParseHas(Expr target)
    {
        Next();
        if (Peek.Kind == TokenKind.String)
        {
            var attr = StringEscapes.Unescape(Next());
            return new HasAttrExpr(target, attr, SpanFrom(target.Span));
        }
        if (Peek.Kind != TokenKind.Identifier) throw Unexpected("an attribute name or string literal after `has`");
        // `e has a.b.c` means `e has a && e.a has b && e.a.b has c`.
        var name = Unreserved(Next());
        Expr result = new HasAttrExpr(target, name, SpanFrom(target.Span));
        Expr path = target;
        var saved = _depth;
        while (Peek.Kind == TokenKind.Dot && PeekAt(1).Kind == TokenKind.Identifier && PeekAt(2).Kind != TokenKind.LeftParen)
        {
            Deeper();
            Next();
            path = new GetAttrExpr(path, name, SpanFrom(target.Span));
            name = Unreserved(Next());
            result = new AndExpr(result, new HasAttrExpr(path, name, SpanFrom(target.Span)), SpanFrom(target.Span));
        }
        _depth = saved;
        return result;
    }

    private Expr ParseAdd()
    {
        var left = ParseMul();
        var saved = _depth;
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            Deeper();
            var op = Next().Kind == TokenKind.Plus ? BinaryOp.Add : BinaryOp.Sub;
            var right = ParseMul();
            left = new BinaryExpr(op, left, right, SpanFrom(left.Span));
        }
        _depth = saved;
        return left;
    }

    private Expr ParseMul()
    {
        var left = ParseUnary();
        var saved = _depth;
        while (Peek.Kind == TokenKind.Star)
        {
            Deeper();
            Next();
            var right = ParseUnary();
            left = new BinaryExpr(BinaryOp.Mul, left, right, SpanFrom(left.Span));
        }
        _depth = saved;
        return left;
    }

    private Expr ParseUnary()
    {
        if (Peek.Kind is not (TokenKind.Bang or TokenKind.Minus)) return ParseMember();
        var start = Peek.Span;
        // `!` and `-` do not mix in one prefix (the reference's grammar has runs of one or the other).
        var ops = new List<TokenKind>();
        var opKind = Peek.Kind;
        while (Peek.Kind == opKind)
        {
            ops.Add(Next().Kind);
        }
        if (ops.Count > MaxUnaryOperators)
            throw new CedarParseException($"too many unary operators in a row (at most {MaxUnaryOperators})", start);
        Expr operand;
        var remaining = ops.Count;
        // `-` directly before an integer literal is part of the literal, so -9223372036854775808 is a long.
        if (ops[^1] == TokenKind.Minus && Peek.Kind == TokenKind.Integer && !StartsAccess(PeekAt(1)))
        {
            var lit = Next();
            var litSpan = ops.Count == 1 ? SpanFrom(start) : lit.Span;
            operand = new LiteralExpr(Value.FromLong(ParseInteger(lit, negative: true)), litSpan);
            remaining--;
        }
        else
        {
            operand = ParseMember();
        }
        for (var i = remaining - 1; i >= 0; i--)
        {
            operand = new UnaryExpr(ops[i] == TokenKind.Bang ? UnaryOp.Not : UnaryOp.Neg, operand, SpanFrom(start));
        }
        return operand;
    }

    private static bool StartsAccess(Token t) => t.Kind is TokenKind.Dot or TokenKind.LeftBracket;

    private static long ParseInteger(Token t, bool negative)
    {
        if (!ulong.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ||
            n > (negative ? 9223372036854775808UL : long.MaxValue))
            throw new CedarParseException($"integer literal `{(negative ? "-" : "")}{t.Text}` is out of the 64-bit range", t.Span);
        return negative ? (n == 9223372036854775808UL ? long.MinValue : -(long)n) : (long)n;
    }

    private Expr ParseMember()
    {
        var expr = ParsePrimary();
        var saved = _depth;
        while (true)
        {
            Deeper();
            if (Peek.Kind == TokenKind.Dot)
            {
                Next();
                var nameTok = Expect(TokenKind.Identifier, "an attribute or method name after `.`");
                if (Peek.Kind == TokenKind.LeftParen)
                {
                    Next();
                    var args = ParseList(TokenKind.RightParen, "`,` or `)` in the argument list");
                    expr = MakeMethodCall(expr, nameTok, args);
                }
                else
                {
                    expr = new GetAttrExpr(expr, Unreserved(nameTok), SpanFrom(expr.Span));
                }
            }
            else if (Peek.Kind == TokenKind.LeftBracket)
            {
                Next();
                var attr = StringEscapes.Unescape(Expect(TokenKind.String, "a string literal inside `[...]`"));
                Expect(TokenKind.RightBracket, "`]` after the attribute name");
                expr = new GetAttrExpr(expr, attr, SpanFrom(expr.Span));
            }
            else
            {
                _depth = saved;
                return expr;
            }
        }
    }

    private Expr MakeMethodCall(Expr receiver, Token name, List<Expr> args)
    {
        var span = SpanFrom(receiver.Span);
        switch (name.Text)
        {
            case "contains": return new BinaryExpr(BinaryOp.Contains, receiver, One(name, args), span);
            case "containsAll": return new BinaryExpr(BinaryOp.ContainsAll, receiver, One(name, args), span);
            case "containsAny": return new BinaryExpr(BinaryOp.ContainsAny, receiver, One(name, args), span);
            case "getTag": return new BinaryExpr(BinaryOp.GetTag, receiver, One(name, args), span);
            case "hasTag": return new BinaryExpr(BinaryOp.HasTag, receiver, One(name, args), span);
            case "isEmpty":
                if (args.Count != 0) throw new CedarParseException($"call to `isEmpty` takes no arguments, got {args.Count}", name.Span);
                return new UnaryExpr(UnaryOp.IsEmpty, receiver, span);
        }
        // Extension arity is checked when the call is evaluated, as the reference does.
        if (!ExtensionMethods.ContainsKey(name.Text))
            throw new CedarParseException($"`{name.Text}` is not a valid method", name.Span);
        var all = new List<Expr>(args.Count + 1) { receiver };
        all.AddRange(args);
        return new ExtensionCallExpr(name.Text, all, true, span);
    }

    private static Expr One(Token name, List<Expr> args) =>
        args.Count == 1 ? args[0] : throw new CedarParseException($"call to `{name.Text}` requires exactly 1 argument, got {args.Count}", name.Span);

    private List<Expr> ParseList(TokenKind close, string expected)
    {
        var items = new List<Expr>();
        while (Peek.Kind != close)
        {
            items.Add(ParseExpr());
            if (!Accept(TokenKind.Comma)) break;
        }
        Expect(close, expected);
        return items;
    }

    private Expr ParsePrimary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Integer:
                Next();
                return new LiteralExpr(Value.FromLong(ParseInteger(t, negative: false)), t.Span);
            case TokenKind.String:
                Next();
                return new LiteralExpr(Value.FromString(StringEscapes.Unescape(t)), t.Span);
            case TokenKind.Slot:
                throw new CedarParseException($"template slot `{t.Text}` can only be used in the policy scope", t.Span);
            case TokenKind.LeftParen:
                {
                    Next();
                    var inner = ParseExpr();
                    Expect(TokenKind.RightParen, "`)`");
                    return inner;
                }
            case TokenKind.LeftBracket:
                {
                    Next();
                    var items = ParseList(TokenKind.RightBracket, "`,` or `]` in the set");
                    return new SetExpr(items, SpanFrom(t.Span));
                }
            case TokenKind.LeftBrace:
                return ParseRecord();
            case TokenKind.Identifier:
                return ParseIdentifierPrimary();
            default:
                throw Unexpected("an expression");
        }
    }

    private Expr ParseRecord()
    {
        var start = Next().Span;
        var attrs = new List<KeyValuePair<string, Expr>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (Peek.Kind != TokenKind.RightBrace)
        {
            var keyTok = Peek;
            string key;
            if (keyTok.Kind == TokenKind.String) key = StringEscapes.Unescape(Next());
            else if (keyTok.Kind == TokenKind.Identifier && keyTok.Text is not ("true" or "false")) key = Next().Text;
            else throw Unexpected("an attribute name or `}` in the record");
            if (!seen.Add(key)) throw new CedarParseException($"duplicate attribute `{key}` in the record literal", keyTok.Span);
            Expect(TokenKind.Colon, "`:` after the attribute name");
            attrs.Add(new KeyValuePair<string, Expr>(key, ParseExpr()));
            if (!Accept(TokenKind.Comma)) break;
        }
        Expect(TokenKind.RightBrace, "`,` or `}` in the record");
        return new RecordExpr(attrs, SpanFrom(start));
    }

    private Expr ParseIdentifierPrimary()
    {
        var t = Next();
        switch (t.Text)
        {
            case "true": return new LiteralExpr(Value.True, t.Span);
            case "false": return new LiteralExpr(Value.False, t.Span);
        }
        if (Peek.Kind == TokenKind.DoubleColon)
        {
            _pos--;
            var uid = ParseEntityReferenceOrFunction(out var function);
            if (function is not null) return function;
            return new LiteralExpr(Value.FromEntity(uid!), SpanFrom(t.Span));
        }
        if (Peek.Kind == TokenKind.LeftParen) return ParseFunctionCall(t, t.Text);
        switch (t.Text)
        {
            case "principal": return new VariableExpr(Variable.Principal, t.Span);
            case "action": return new VariableExpr(Variable.Action, t.Span);
            case "resource": return new VariableExpr(Variable.Resource, t.Span);
            case "context": return new VariableExpr(Variable.Context, t.Span);
        }
        if (Reserved.Contains(t.Text))
            throw new CedarParseException($"unexpected `{t.Text}`, expected an expression", t.Span);
        throw new CedarParseException($"invalid variable `{t.Text}`: expected `principal`, `action`, `resource` or `context`", t.Span);
    }

    private EntityUid? ParseEntityReferenceOrFunction(out Expr? function)
    {
        var start = Peek;
        var parts = new List<string> { PathSegment(Next()) };
        while (Accept(TokenKind.DoubleColon))
        {
            if (Peek.Kind == TokenKind.String)
            {
                function = null;
                return new EntityUid(string.Join("::", parts), StringEscapes.Unescape(Next()));
            }
            parts.Add(PathSegment(Expect(TokenKind.Identifier, "an identifier or a string literal after `::`")));
        }
        if (Peek.Kind == TokenKind.LeftParen)
        {
            function = ParseFunctionCall(start, string.Join("::", parts));
            return null;
        }
        throw Unexpected("`::` followed by a string literal (an entity reference)");
    }

    private Expr ParseFunctionCall(Token start, string name)
    {
        Next();
        var args = ParseList(TokenKind.RightParen, "`,` or `)` in the argument list");
        if (!ExtensionFunctions.ContainsKey(name))
        {
            if (ExtensionMethods.ContainsKey(name) || name is "contains" or "containsAll" or "containsAny" or "isEmpty" or "getTag" or "hasTag")
                throw new CedarParseException($"`{name}` is a method, not a function: call it as `e.{name}(...)`", start.Span);
            throw new CedarParseException($"`{name}` is not a valid function", start.Span);
        }
        return new ExtensionCallExpr(name, args, false, SpanFrom(start.Span));
    }
}
