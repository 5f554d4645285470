using Sekisho.Cedar.Extensions;

namespace Sekisho.Cedar.Tests.Extensions;

public sealed class ExtensionFunctionsTests
{
    // The signatures of cedar-policy 4.12's validator extension schemas, receiver first for methods.
    [Theory]
    [InlineData("ip", "ip: (String) -> ipaddr", ExtensionCallStyle.Function)]
    [InlineData("isIpv4", "isIpv4: (ipaddr) -> Bool", ExtensionCallStyle.Method)]
    [InlineData("isIpv6", "isIpv6: (ipaddr) -> Bool", ExtensionCallStyle.Method)]
    [InlineData("isLoopback", "isLoopback: (ipaddr) -> Bool", ExtensionCallStyle.Method)]
    [InlineData("isMulticast", "isMulticast: (ipaddr) -> Bool", ExtensionCallStyle.Method)]
    [InlineData("isInRange", "isInRange: (ipaddr, ipaddr) -> Bool", ExtensionCallStyle.Method)]
    [InlineData("decimal", "decimal: (String) -> decimal", ExtensionCallStyle.Function)]
    [InlineData("lessThan", "lessThan: (decimal, decimal) -> Bool", ExtensionCallStyle.Method)]
    [InlineData("lessThanOrEqual", "lessThanOrEqual: (decimal, decimal) -> Bool", ExtensionCallStyle.Method)]
    [InlineData("greaterThan", "greaterThan: (decimal, decimal) -> Bool", ExtensionCallStyle.Method)]
    [InlineData("greaterThanOrEqual", "greaterThanOrEqual: (decimal, decimal) -> Bool", ExtensionCallStyle.Method)]
    [InlineData("datetime", "datetime: (String) -> datetime", ExtensionCallStyle.Function)]
    [InlineData("duration", "duration: (String) -> duration", ExtensionCallStyle.Function)]
    [InlineData("offset", "offset: (datetime, duration) -> datetime", ExtensionCallStyle.Method)]
    [InlineData("durationSince", "durationSince: (datetime, datetime) -> duration", ExtensionCallStyle.Method)]
    [InlineData("toDate", "toDate: (datetime) -> datetime", ExtensionCallStyle.Method)]
    [InlineData("toTime", "toTime: (datetime) -> duration", ExtensionCallStyle.Method)]
    [InlineData("toMilliseconds", "toMilliseconds: (duration) -> Long", ExtensionCallStyle.Method)]
    [InlineData("toSeconds", "toSeconds: (duration) -> Long", ExtensionCallStyle.Method)]
    [InlineData("toMinutes", "toMinutes: (duration) -> Long", ExtensionCallStyle.Method)]
    [InlineData("toHours", "toHours: (duration) -> Long", ExtensionCallStyle.Method)]
    [InlineData("toDays", "toDays: (duration) -> Long", ExtensionCallStyle.Method)]
    public void Signatures(string name, string signature, ExtensionCallStyle style)
    {
        Assert.True(ExtensionFunctions.TryGet(name, out var function));
        Assert.Equal(signature, function.ToString());
        Assert.Equal(style, function.Style);
    }

    [Fact]
    public void CatalogueHoldsExactlyTheReferenceFunctions()
    {
        Assert.Equal(22, ExtensionFunctions.All.Length);
        Assert.False(ExtensionFunctions.TryGet("isIPv4", out _));
        Assert.False(ExtensionFunctions.TryGet("toYears", out _));
        var constructors = ExtensionFunctions.All.Where(f => f.IsConstructor).Select(f => f.Name).ToArray();
        Assert.Equal(["ip", "decimal", "datetime", "duration"], constructors);
        Assert.Equal(6, ExtensionFunctions.All.Count(f => f.Extension == "ipaddr"));
        Assert.Equal(5, ExtensionFunctions.All.Count(f => f.Extension == "decimal"));
        Assert.Equal(11, ExtensionFunctions.All.Count(f => f.Extension == "datetime"));
    }

    [Theory]
    [InlineData(ExtensionType.IpAddr, "ipaddr", "ip", false)]
    [InlineData(ExtensionType.Decimal, "decimal", "decimal", false)]
    [InlineData(ExtensionType.Datetime, "datetime", "datetime", true)]
    [InlineData(ExtensionType.Duration, "duration", "duration", true)]
    public void ExtensionTypes(ExtensionType type, string name, string constructor, bool comparable)
    {
        Assert.Equal(name, ExtensionFunctions.TypeName(type));
        Assert.True(ExtensionFunctions.TryParseExtensionType(name, out var parsed));
        Assert.Equal(type, parsed);
        Assert.True(ExtensionFunctions.IsExtensionType(type));
        Assert.Equal(constructor, ExtensionFunctions.ConstructorName(type));
        Assert.Equal(comparable, ExtensionFunctions.SupportsComparisonOperators(type));
        Assert.Equal($"maybe you forgot to apply the `{constructor}` constructor?", ExtensionFunctions.ForgotConstructorAdvice(type));
    }

    [Fact]
    public void PrimitiveTypesAreNotExtensionTypes()
    {
        Assert.False(ExtensionFunctions.IsExtensionType(ExtensionType.Long));
        Assert.False(ExtensionFunctions.TryParseExtensionType("Long", out _));
        Assert.Equal("Long", ExtensionFunctions.TypeName(ExtensionType.Long));

        // cedar-wasm 4.12: ip(1) fails with "type error: expected string, got long".
        Assert.Equal("string", ExtensionFunctions.MessageTypeName(ExtensionType.String));
        Assert.Equal("long", ExtensionFunctions.MessageTypeName(ExtensionType.Long));
        Assert.Equal("bool", ExtensionFunctions.MessageTypeName(ExtensionType.Bool));
        Assert.Equal("ipaddr", ExtensionFunctions.MessageTypeName(ExtensionType.IpAddr));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExtensionFunctions.ConstructorName(ExtensionType.Bool));
    }
}
