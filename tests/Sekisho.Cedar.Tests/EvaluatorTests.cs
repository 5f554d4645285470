using Sekisho.Cedar.Evaluation;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Tests;

public class EvaluatorTests
{
    [Theory]
    [InlineData("true && true", true)]
    [InlineData("false || true", true)]
    [InlineData("!false", true)]
    [InlineData("1 == 1", true)]
    [InlineData("1 != 2", true)]
    [InlineData("1 == \"1\"", false)]
    [InlineData("[1, 2] == [2, 1, 1]", true)]
    [InlineData("{a: 1, b: [true]} == {b: [true], a: 1}", true)]
    [InlineData("User::\"alice\" == User::\"alice\"", true)]
    [InlineData("User::\"alice\" == Admin::\"alice\"", false)]
    [InlineData("1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3", true)]
    [InlineData("if 1 > 2 then false else true", true)]
    [InlineData("\"abc\" like \"a*\"", true)]
    [InlineData("\"abc\" like \"*b*\"", true)]
    [InlineData("\"abc\" like \"a*d\"", false)]
    [InlineData("\"a*c\" like \"a\\*c\"", true)]
    [InlineData("\"abc\" like \"a\\*c\"", false)]
    [InlineData("\"\" like \"*\"", true)]
    [InlineData("[1, 2, 3].contains(2)", true)]
    [InlineData("[1, 2, 3].containsAll([3, 1])", true)]
    [InlineData("[1, 2, 3].containsAny([4, 5])", false)]
    [InlineData("[].isEmpty()", true)]
    [InlineData("principal is User", true)]
    [InlineData("principal is Group", false)]
    [InlineData("principal is User in Group::\"everyone\"", true)]
    [InlineData("principal.name == \"Alice\" && principal.address.city == \"Kyoto\"", true)]
    [InlineData("principal[\"age\"] == 30", true)]
    [InlineData("principal.manager.age == 50", true)]
    [InlineData("principal has age && !(principal has height)", true)]
    [InlineData("User::\"nobody\" has age", false)]
    [InlineData("resource.owner == principal", true)]
    [InlineData("principal.hasTag(\"Env\") && principal.getTag(\"Env\") == \"prod\"", true)]
    [InlineData("principal.hasTag(\"Missing\")", false)]
    [InlineData("User::\"nobody\".hasTag(\"Env\")", false)]
    [InlineData("context.n + 1 == 3", true)]
    public void Semantics(string expression, bool expected) => Assert.Equal(expected, Eval.True(expression, "{\"n\": 2}"));

    [Fact]
    public void AndOrShortCircuitBeforeErrors()
    {
        Assert.False(Eval.True("false && (1 + \"a\" == 2)"));
        Assert.True(Eval.True("true || principal.nothing"));
        Assert.True(Eval.True("if true then true else 1 + \"x\""));
    }

    [Theory]
    [InlineData("1 && true")]
    [InlineData("true && 1")]
    [InlineData("false || 1")]
    [InlineData("!1")]
    [InlineData("-\"a\"")]
    [InlineData("1 + true")]
    [InlineData("\"a\" < \"b\"")]
    [InlineData("if 1 then true else false")]
    [InlineData("1 like \"*\"")]
    [InlineData("1 in [User::\"alice\"]")]
    [InlineData("principal in [User::\"alice\", 1]")]
    [InlineData("principal in 1")]
    [InlineData("1 is User")]
    [InlineData("1.contains(1)")]
    [InlineData("[1].containsAll(1)")]
    [InlineData("1.isEmpty()")]
    [InlineData("\"x\".hasTag(\"a\")")]
    [InlineData("principal.getTag(1)")]
    [InlineData("1 has a")]
    [InlineData("1.a")]
    [InlineData("ip(\"1.2.3.4\") < ip(\"1.2.3.5\")")]
    [InlineData("decimal(\"1.0\") < decimal(\"2.0\")")]
    [InlineData("\"1.2.3.4\".isIpv4()")]
    public void TypeErrors(string expression) => Assert.Equal(EvaluationErrorKind.TypeError, Eval.Error(expression).Kind);

    [Theory]
    [InlineData("9223372036854775807 + 1")]
    [InlineData("-9223372036854775808 - 1")]
    [InlineData("9223372036854775807 * 2")]
    [InlineData("-9223372036854775808 * -1")]
    [InlineData("-(-9223372036854775808)")]
    public void OverflowAtTheLimitsIsAnError(string expression) =>
        Assert.Equal(EvaluationErrorKind.IntegerOverflow, Eval.Error(expression).Kind);

    [Theory]
    [InlineData("9223372036854775806 + 1", long.MaxValue)]
    [InlineData("-9223372036854775807 - 1", long.MinValue)]
    [InlineData("-4611686018427387904 * 2", long.MinValue)]
    [InlineData("-9223372036854775807 * -1", long.MaxValue)]
    public void ArithmeticUpToTheLimits(string expression, long expected) => Assert.Equal(expected, Eval.Run(expression).AsLong);

    [Fact]
    public void MissingAttributesTagsAndEntitiesAreErrors()
    {
        Assert.Equal(EvaluationErrorKind.AttributeDoesNotExist, Eval.Error("principal.height").Kind);
        Assert.Equal(EvaluationErrorKind.AttributeDoesNotExist, Eval.Error("context.nothing").Kind);
        Assert.Equal(EvaluationErrorKind.EntityDoesNotExist, Eval.Error("User::\"nobody\".age").Kind);
        Assert.Equal(EvaluationErrorKind.TagDoesNotExist, Eval.Error("principal.getTag(\"Missing\")").Kind);
        Assert.Equal(EvaluationErrorKind.EntityDoesNotExist, Eval.Error("User::\"nobody\".getTag(\"Env\")").Kind);
    }

    [Fact]
    public void InIsReflexiveAndTransitive()
    {
        Assert.True(Eval.True("principal in principal"));
        Assert.True(Eval.True("principal in Group::\"staff\""));
        Assert.True(Eval.True("principal in Group::\"everyone\""));
        Assert.True(Eval.True("User::\"bob\" in Group::\"everyone\""));
        Assert.False(Eval.True("principal in Group::\"admins\""));
        Assert.True(Eval.True("principal in [Group::\"admins\", Group::\"everyone\"]"));
        Assert.False(Eval.True("principal in []"));
        Assert.True(Eval.True("User::\"nobody\" in User::\"nobody\""));
        Assert.False(Eval.True("User::\"nobody\" in Group::\"everyone\""));
        Assert.True(Eval.True("action in Action::\"read\""));
    }

    [Fact]
    public void ExtensionFunctionsAndMethods()
    {
        Assert.True(Eval.True("ip(\"10.1.2.3\").isInRange(ip(\"10.0.0.0/8\"))"));
        Assert.True(Eval.True("ip(\"::1\").isLoopback() && ip(\"::1\").isIpv6()"));
        Assert.True(Eval.True("decimal(\"1.5\").lessThan(decimal(\"2.25\"))"));
        Assert.True(Eval.True("datetime(\"2024-01-01\") < datetime(\"2024-01-02\")"));
        Assert.True(Eval.True("duration(\"1h\") > duration(\"59m\")"));
        Assert.True(Eval.True("datetime(\"2024-01-01\").offset(duration(\"1d\")) == datetime(\"2024-01-02\")"));
        Assert.Equal(60L, Eval.Run("duration(\"1h\").toMinutes()").AsLong);
        Assert.True(Eval.True("ip(\"1.2.3.4\") == ip(\"1.2.3.4/32\")"));
        Assert.Equal(EvaluationErrorKind.ExtensionError, Eval.Error("ip(\"not an ip\")").Kind);
        Assert.Equal(EvaluationErrorKind.ExtensionError, Eval.Error("ip(\"1.2.3.4\").isIpv4(1)").Kind);
        Assert.Equal(EvaluationErrorKind.TypeError, Eval.Error("datetime(\"2024-01-01\") < duration(\"1h\")").Kind);
    }

    [Fact]
    public void SetsAndRecordsAreValues()
    {
        var set = Eval.Run("[1, 1, 2]");
        Assert.Equal(ValueKind.Set, set.Kind);
        Assert.Equal(2, set.AsSet.Count);
        var rec = Eval.Run("{b: 1, a: principal}");
        Assert.Equal("a", rec.AsRecord.KeyAt(0));
        Assert.True(Eval.True("{a: 1}.a == 1"));
        Assert.True(Eval.True("context.list.contains(User::\"alice\")", "{\"list\": [{\"__entity\": {\"type\": \"User\", \"id\": \"alice\"}}]}"));
    }
}
