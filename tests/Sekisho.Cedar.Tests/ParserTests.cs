using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Tests;

public class ParserTests
{
    [Fact]
    public void MultiplicationBindsTighterThanAddition()
    {
        var e = Assert.IsType<BinaryExpr>(Parser.ParseExpression("1 + 2 * 3"));
        Assert.Equal(BinaryOp.Add, e.Op);
        Assert.Equal(BinaryOp.Mul, Assert.IsType<BinaryExpr>(e.Right).Op);
    }

    [Fact]
    public void AndBindsTighterThanOr()
    {
        var e = Assert.IsType<OrExpr>(Parser.ParseExpression("true || false && false"));
        Assert.IsType<AndExpr>(e.Right);
        Assert.True(Eval.True("true || false && false"));
    }

    [Fact]
    public void RelationsBindLooserThanArithmetic()
    {
        var e = Assert.IsType<BinaryExpr>(Parser.ParseExpression("1 + 1 == 2"));
        Assert.Equal(BinaryOp.Eq, e.Op);
        Assert.IsType<BinaryExpr>(e.Left);
    }

    [Fact]
    public void UnaryBindsTighterThanMultiplicationAndLooserThanMemberAccess()
    {
        var e = Assert.IsType<BinaryExpr>(Parser.ParseExpression("-principal.age * 2"));
        var neg = Assert.IsType<UnaryExpr>(e.Left);
        Assert.Equal(UnaryOp.Neg, neg.Op);
        Assert.IsType<GetAttrExpr>(neg.Operand);
        Assert.IsType<UnaryExpr>(Parser.ParseExpression("!context.flag"));
    }

    [Fact]
    public void RelationsDoNotChain()
    {
        var e = Assert.Throws<CedarParseException>(() => Parser.ParseExpression("1 == 1 == true"));
        Assert.Equal(1, e.Line);
        Assert.Equal(8, e.Column);
    }

    [Fact]
    public void IfThenElseIsOnlyAnExpressionAtTheTopOrInParentheses()
    {
        Assert.IsType<IfExpr>(Parser.ParseExpression("if true then 1 else 2"));
        Assert.IsType<BinaryExpr>(Parser.ParseExpression("1 + (if true then 1 else 2)"));
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression("1 + if true then 1 else 2"));
    }

    [Fact]
    public void MostNegativeLongIsALiteral()
    {
        var lit = Assert.IsType<LiteralExpr>(Parser.ParseExpression("-9223372036854775808"));
        Assert.Equal(long.MinValue, lit.Value.AsLong);
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression("9223372036854775808"));
        Assert.Equal(long.MaxValue, Assert.IsType<LiteralExpr>(Parser.ParseExpression("9223372036854775807")).Value.AsLong);
    }

    [Fact]
    public void DoubleNegationOfMostNegativeLongOverflowsAtEvaluation()
    {
        var e = Assert.IsType<UnaryExpr>(Parser.ParseExpression("--9223372036854775808"));
        Assert.Equal(long.MinValue, Assert.IsType<LiteralExpr>(e.Operand).Value.AsLong);
        Assert.Equal(Evaluation.EvaluationErrorKind.IntegerOverflow, Eval.Error("--9223372036854775808").Kind);
    }

    [Fact]
    public void AtMostFourUnaryOperators()
    {
        Parser.ParseExpression("!!!!true");
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression("!!!!!true"));
    }

    [Fact]
    public void StringEscapes()
    {
        var lit = Assert.IsType<LiteralExpr>(Parser.ParseExpression("\"a\\n\\t\\\"\\\\\\u{1F600}\\x41\\0\""));
        Assert.Equal("a\n\t\"\\\U0001F600A\0", lit.Value.AsString);
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression("\"\\q\""));
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression("\"\\x80\""));
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression("\"\\*\""));
    }

    [Fact]
    public void LikePatternsDistinguishWildcardsFromEscapedStars()
    {
        var like = Assert.IsType<LikeExpr>(Parser.ParseExpression("\"a*b\" like \"a\\**\""));
        Assert.False(like.Pattern.Elements[0].IsWildcard);
        Assert.False(like.Pattern.Elements[1].IsWildcard);
        Assert.Equal('*', like.Pattern.Elements[1].Char);
        Assert.True(like.Pattern.Elements[2].IsWildcard);
    }

    // A pattern prints as the literal it came from; an emoji (two UTF-16 units) must survive whole, also when
    // written as an escape, and next to a wildcard or an escaped star.
    [Theory]
    [InlineData("\"a😀*b\\*\"", "\"a😀*b\\*\"")]
    [InlineData("\"*😀\"", "\"*😀\"")]
    [InlineData("\"\\u{1F600}\\*x\\n\"", "\"😀\\*x\\n\"")]
    public void LikePatternsPrintWholeCharacters(string pattern, string printed)
    {
        var like = Assert.IsType<LikeExpr>(Parser.ParseExpression("\"s\" like " + pattern));
        Assert.Equal(printed, like.Pattern.ToString());
        var again = Assert.IsType<LikeExpr>(Parser.ParseExpression("\"s\" like " + like.Pattern));
        Assert.Equal(like.Pattern, again.Pattern);
    }

    [Fact]
    public void EntityReferencesWithNamespaces()
    {
        var lit = Assert.IsType<LiteralExpr>(Parser.ParseExpression("A::B::C::\"x\\\"y\""));
        Assert.Equal(new EntityUid("A::B::C", "x\"y"), lit.Value.AsEntity);
    }

    [Fact]
    public void HasWithDottedPathIsAChainOfHasChecks()
    {
        var e = Parser.ParseExpression("principal has address.zip.code");
        Assert.IsType<AndExpr>(e);
        Assert.True(Eval.True("principal has address.zip.code"));
        Assert.False(Eval.True("principal has address.zip.plus4"));
        Assert.False(Eval.True("principal has nothing.zip"));
        Assert.True(Eval.True("principal has \"address\""));
    }

    [Fact]
    public void RecordsSetsAndTrailingCommas()
    {
        var r = Assert.IsType<RecordExpr>(Parser.ParseExpression("{a: 1, \"b c\": [1, 2,],}"));
        Assert.Equal(2, r.Attributes.Count);
        Assert.Equal("b c", r.Attributes[1].Key);
        var e = Assert.Throws<CedarParseException>(() => Parser.ParseExpression("{a: 1, a: 2}"));
        Assert.Contains("duplicate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MethodsAndExtensionFunctions()
    {
        Assert.Equal(BinaryOp.Contains, Assert.IsType<BinaryExpr>(Parser.ParseExpression("[1].contains(1)")).Op);
        var call = Assert.IsType<ExtensionCallExpr>(Parser.ParseExpression("ip(\"1.2.3.4\").isInRange(ip(\"1.0.0.0/8\"))"));
        Assert.True(call.IsMethod);
        Assert.Equal(2, call.Arguments.Count);
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression("foo(1)"));
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression("[1].frobnicate()"));
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression("[1].contains(1, 2)"));
    }

    [Fact]
    public void FullPolicyWithAnnotationsScopeAndConditions()
    {
        const string text = """
            // leading comment
            @id("first")
            @advice
            permit (principal is User in Group::"staff", action in [Action::"view", Action::"read"], resource)
            when { context.ok } // trailing
            unless { principal.age < 18 };
            forbid (principal == User::"bob", action == Action::"view", resource is Photo);
            """;
        var set = PolicySet.Parse(text);
        Assert.Equal(2, set.Policies.Count);
        var p = set.Policies[0];
        Assert.Equal("policy0", p.Id);
        Assert.Equal("first", p.Annotation("id"));
        Assert.Equal("", p.Annotation("advice"));
        Assert.Equal(ScopeKind.IsIn, p.Principal.Kind);
        Assert.Equal("User", p.Principal.EntityType);
        Assert.Equal(new EntityUid("Group", "staff"), p.Principal.Entity);
        Assert.True(p.Action.IsList);
        Assert.Equal(2, p.Action.Entities.Count);
        Assert.Equal(2, p.Conditions.Count);
        Assert.False(p.Conditions[1].IsWhen);
        Assert.Equal(2, p.Span.Line);
        var q = set.Policies[1];
        Assert.Equal(Effect.Forbid, q.Effect);
        Assert.Equal(ScopeKind.Is, q.Resource.Kind);
        Assert.Equal("first", PolicySet.ParseWithAnnotationIds(text).Policies[0].Id);
    }

    [Theory]
    [InlineData("permit(principal, action, resource)", 1, 36, "`when`, `unless` or `;`")]
    [InlineData("permit(principal, action)", 1, 25, "`,` after the action constraint")]
    [InlineData("permit(principal,\n  action,\n  resource) when { 1 + };", 3, 24, "an expression")]
    [InlineData("allow(principal, action, resource);", 1, 1, "`permit` or `forbid`")]
    [InlineData("permit(principal == ?resource, action, resource);", 1, 21, "?principal")]
    [InlineData("permit(principal, action == ?principal, resource);", 1, 29, "action constraint")]
    [InlineData("permit(principal, action, resource) when { principal = 1 };", 1, 54, "==")]
    [InlineData("permit(principal, action, resource) when { \"abc };", 1, 44, "unterminated")]
    public void ErrorsCarryLineColumnAndWhatWasExpected(string text, int line, int column, string expected)
    {
        var e = Assert.Throws<CedarParseException>(() => PolicySet.Parse(text));
        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemplatesAreKeptApartAndLinked()
    {
        var set = PolicySet.Parse("permit(principal == ?principal, action, resource in ?resource);");
        Assert.Empty(set.Policies);
        var t = Assert.Single(set.Templates);
        Assert.True(t.IsTemplate);
        var linked = set.Link("policy0", "link1", new EntityUid("User", "alice"), new EntityUid("Folder", "f"));
        Assert.False(linked.IsTemplate);
        Assert.Equal("policy0", linked.TemplateId);
        Assert.Equal(new EntityUid("User", "alice"), linked.Principal.Entity);
        Assert.Single(set.Policies);
        Assert.Throws<CedarException>(() => set.Link("policy0", "link2", new EntityUid("User", "alice"), null));
        Assert.Throws<CedarException>(() => set.Link("policy0", "link1", new EntityUid("User", "alice"), new EntityUid("Folder", "f")));
    }

    [Fact]
    public void SlotsAreRejectedInConditions()
    {
        Assert.Throws<CedarParseException>(() => PolicySet.Parse("permit(principal, action, resource) when { principal == ?principal };"));
    }

    [Theory]
    [InlineData("principal.if")]
    [InlineData("principal.__cedar")]
    [InlineData("principal has like")]
    [InlineData("principal has a.in")]
    [InlineData("in::\"x\"")]
    [InlineData("{true: 1}")]
    [InlineData("-!1")]
    [InlineData("!-1")]
    [InlineData("1 / 2")]
    public void ReservedIdentifiersAndMixedUnaryOperatorsAreRejected(string expression) =>
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression(expression));

    [Fact]
    public void KeywordLikeNamesThatAreNotReservedAreAccepted()
    {
        Assert.IsType<GetAttrExpr>(Parser.ParseExpression("context.principal"));
        Assert.IsType<GetAttrExpr>(Parser.ParseExpression("context.when"));
        Assert.IsType<RecordExpr>(Parser.ParseExpression("{if: 1, permit: 2}"));
        Assert.IsType<LiteralExpr>(Parser.ParseExpression("principal::\"p\""));
    }

    [Fact]
    public void NestingIsBoundedSoNeitherParserNorEvaluatorCanOverflowTheStack()
    {
        var ok = new string('(', 300) + "1" + new string(')', 300);
        Assert.Equal(1L, Eval.Run(ok).AsLong);
        var chain = string.Join(" + ", Enumerable.Repeat("1", 500));
        Assert.Equal(500L, Eval.Run(chain).AsLong);
        var deep = new string('(', 5000) + "1" + new string(')', 5000);
        Assert.Contains("nested", Assert.Throws<CedarParseException>(() => Parser.ParseExpression(deep)).Message, StringComparison.Ordinal);
        var longChain = string.Join(" || ", Enumerable.Repeat("false", 20000));
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression(longChain));
        var longAccess = "context" + string.Concat(Enumerable.Repeat(".a", 20000));
        Assert.Throws<CedarParseException>(() => Parser.ParseExpression(longAccess));
    }
}
