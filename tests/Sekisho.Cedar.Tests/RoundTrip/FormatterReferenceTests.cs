using System.Text.Json.Nodes;
using Sekisho.Cedar.Formatting;
using Sekisho.Cedar.Tests.Fuzz;
using Xunit.Abstractions;

namespace Sekisho.Cedar.Tests.RoundTrip;

/// <summary>
/// The formatter's layout against cedar-wasm's <c>formatPolicies</c>, on inputs written without redundant
/// parentheses (Sekisho formats from the AST, so it cannot keep parentheses the reference keeps).
/// </summary>
public sealed class FormatterReferenceTests(ITestOutputHelper output)
{
    public static TheoryData<string> Inputs => new()
    {
        "permit(principal, action, resource);",
        "// leading comment\n@id(\"p1\") @advice\npermit(principal == User::\"alice\", action in [Action::\"view\", Action::\"edit\"], resource is Photo in Album::\"vacation\") // trailing\n" +
            "when { context.x + 1 > 2 && principal.name like \"a*\" || resource has owner && resource.owner == principal } // after when\n" +
            "unless { [1, 2, 3].contains(context.n) && {a: 1, \"b c\": [true, false]} has a };",
        "forbid(principal, action, resource) when { if principal.level > 5 then principal.department == \"Engineering\" && context.time.hour < 17 && context.time.hour > 9 && context.authenticated else false };",
        "permit(principal in ?principal, action == Action::\"a\", resource);",
        "permit(principal, action, resource) when { ip(\"10.0.0.1\").isInRange(ip(\"10.0.0.0/8\")) && !context.a && -context.b < 0 && principal is User && principal is User in Group::\"g\" && principal.hasTag(\"t\") && principal.getTag(\"t\") == \"x\" };",
        "permit(principal, action, resource) when { context.aVeryLongAttributeNameNumberOne.aVeryLongAttributeNameNumberTwo.aVeryLongAttributeNameNumberThree == \"a very long string value here\" };",
        "permit(principal, action, resource) when { [context.aVeryLongAttributeNameNumberOne, context.aVeryLongAttributeNameNumberTwo, context.three] == {aaaaaaaaaaaaaaaaaaaa: 1, bbbbbbbbbbbbbbbbbbbbbbbbbbbbb: 2, ccccccccccccccccccccccc: 3} };",
        "permit(principal, action, resource) when { context.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa + context.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb + context.cccccccccccccccc };",
        "permit(principal, action, resource in F::\"x\") when { true };\nforbid(principal, action, resource) unless { {} == {a: {b: 1}} };",
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void LayoutMatchesTheReferenceFormatter(string text)
    {
        if (!ReferenceGate.Available(output.WriteLine)) return;
        using var wasm = CedarWasmSession.Start();
        var answer = wasm.Call(new JsonObject { ["op"] = "format", ["policyText"] = text });
        Assert.True(answer["formatted"] is not null, "the reference could not format the input: " + answer.ToJsonString());
        Assert.Equal(answer["formatted"]!.GetValue<string>(), PolicyFormatter.Format(text));
    }
}
