using Sekisho.Cedar.Schema;
using Sekisho.Cedar.Validation;

namespace Sekisho.Cedar.Tests.Validation;

public class CedarValidatorTests
{
    private static readonly CedarSchema Schema = CedarSchema.ParseCedar("""
        entity Group;
        entity User in [Group] = { name: String, age?: Long, manager?: User, emails: Set<String> } tags String;
        entity Doc = { owner: User, meta: { size: Long, label?: String } };
        entity Color enum ["red", "green"];
        action view appliesTo { principal: [User], resource: [Doc], context: { ip: ipaddr, mfa?: Bool } };
        action edit in [view] appliesTo { principal: User, resource: Doc };
        action nothing;
        """);

    private static ValidationResult Validate(string policy) => CedarValidator.Validate(PolicySet.Parse(policy), Schema);

    private static ValidationErrorKind[] Kinds(string policy) => [.. Validate(policy).Errors.Select(e => e.Kind).Distinct().Order()];

    [Fact]
    public void AcceptsAWellTypedPolicyWithGuardedOptionalAccess()
    {
        var result = Validate("""
            permit(principal, action == Action::"view", resource)
            when {
              principal.name like "a*" && (principal has age && principal.age > 3)
              && context.ip.isInRange(ip("10.0.0.0/8")) && resource.meta.size < 10
              && (if context has mfa then context.mfa else false)
              && principal in Group::"admins" && principal.emails.contains("x@example.com")
              && (principal.hasTag("team") && principal.getTag("team") == "blue")
            };
            """);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("permit(principal, action, resource) when { resource is Dok };", ValidationErrorKind.UnrecognizedEntityType)]
    [InlineData("permit(principal, action == Action::\"view\", resource is User);", ValidationErrorKind.InvalidActionApplication)]
    [InlineData("permit(principal, action == Action::\"nothing\", resource);", ValidationErrorKind.InvalidActionApplication)]
    [InlineData("permit(principal, action, resource) when { Color::\"blue\" == Color::\"red\" };", ValidationErrorKind.InvalidEnumEntity)]
    [InlineData("permit(principal, action, resource) when { principal.name > 1 };", ValidationErrorKind.UnexpectedType)]
    [InlineData("permit(principal, action, resource) when { 1 in principal };", ValidationErrorKind.UnexpectedType)]
    [InlineData("permit(principal, action, resource) when { principal.name == 1 };", ValidationErrorKind.IncompatibleTypes)]
    [InlineData("permit(principal, action, resource) when { [1, \"a\"].contains(1) };", ValidationErrorKind.IncompatibleTypes)]
    [InlineData("permit(principal, action, resource) when { principal.emails.contains(1) };", ValidationErrorKind.IncompatibleTypes)]
    [InlineData("permit(principal, action, resource) when { principal.nope == 1 };", ValidationErrorKind.UnsafeAttributeAccess)]
    [InlineData("permit(principal, action, resource) when { resource.meta.label == \"x\" };", ValidationErrorKind.UnsafeOptionalAttributeAccess)]
    [InlineData("permit(principal, action, resource) when { principal has age || principal.age > 1 };", ValidationErrorKind.UnsafeOptionalAttributeAccess)]
    [InlineData("permit(principal, action, resource) when { principal.getTag(\"x\") == \"y\" };", ValidationErrorKind.UnsafeTagAccess)]
    [InlineData("permit(principal, action, resource) when { [].isEmpty() };", ValidationErrorKind.EmptySetForbidden)]
    [InlineData("permit(principal, action, resource) when { ip(\"not an ip\").isIpv4() };", ValidationErrorKind.FunctionArgumentValidation)]
    [InlineData("permit(principal, action, resource) when { ip(principal.name).isIpv4() };", ValidationErrorKind.NonLiteralExtensionConstructor)]
    [InlineData("permit(principal, action, resource) when { ip(\"1.2.3.4\").isInRange(\"1.2.3.0/24\") };", ValidationErrorKind.UnexpectedType)]
    public void ReportsEachErrorKind(string policy, ValidationErrorKind kind)
    {
        var kinds = Kinds(policy);
        Assert.Equal([kind], kinds);
    }

    [Fact]
    public void AnUndeclaredTypeOrActionInTheScopeAlsoLeavesNoApplicableAction()
    {
        Assert.Equal([ValidationErrorKind.UnrecognizedEntityType, ValidationErrorKind.InvalidActionApplication], Kinds("permit(principal == Usr::\"a\", action, resource);"));
        Assert.Equal([ValidationErrorKind.UnrecognizedActionId, ValidationErrorKind.InvalidActionApplication], Kinds("permit(principal, action == Action::\"delete\", resource);"));
    }

    [Fact]
    public void ErrorsCarryThePolicyIdAndThePositionOfTheExpression()
    {
        var result = Validate("""
            permit(principal, action, resource);
            forbid(principal, action, resource)
            when {
              principal.nope
            };
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("policy1", error.PolicyId);
        Assert.Equal((4, 3), (error.Span.Line, error.Span.Column));
        Assert.Contains("`nope`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ABranchThatCanNeverRunIsNotChecked()
    {
        Assert.Empty(Validate("permit(principal, action, resource) when { false && principal.nope == 1 };").Errors);
        Assert.Empty(Validate("permit(principal, action, resource) when { true || principal.nope == 1 };").Errors);
        Assert.Empty(Validate("permit(principal, action, resource) when { if false then principal.nope else true };").Errors);
    }

    [Fact]
    public void AnImpossiblePolicyIsAWarningNotAnError()
    {
        var result = Validate("permit(principal, action, resource) when { principal == resource };");
        Assert.Empty(result.Errors);
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void ActionGroupsAreExpandedInTheScope()
    {
        Assert.Empty(Validate("permit(principal, action == Action::\"view\", resource) when { context.ip.isIpv4() };").Errors);
        // `edit` is in `view` and has an empty context, so `context.ip` is not found for it...
        Assert.Equal([ValidationErrorKind.UnsafeAttributeAccess], Kinds("permit(principal, action in Action::\"view\", resource) when { context.ip.isIpv4() };"));
        // ...unless the access is only reached for `view`.
        Assert.Empty(Validate("permit(principal, action in [Action::\"view\"], resource) when { action == Action::\"view\" && context.ip.isIpv4() };").Errors);
    }

    [Fact]
    public void SuggestsInWhenEqualityNamesAnAncestorType()
    {
        var error = Assert.Single(Validate("permit(principal == Group::\"g\", action == Action::\"view\", resource);").Errors);
        Assert.Equal(ValidationErrorKind.InvalidActionApplication, error.Kind);
        Assert.Contains("try replacing `==` with `in` in the principal clause", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TemplatesAreTypecheckedWithTheSlotTypesTheScopeAllows()
    {
        Assert.Empty(Validate("permit(principal == ?principal, action == Action::\"view\", resource in ?resource) when { principal.name == \"x\" };").Errors);
        Assert.Equal([ValidationErrorKind.UnsafeOptionalAttributeAccess], Kinds("permit(principal in ?principal, action, resource) when { principal.age > 1 };"));
    }

    [Fact]
    public void LinkedPoliciesAreCheckedForTheirSlotValues()
    {
        var set = PolicySet.Parse("permit(principal == ?principal, action == Action::\"view\", resource);");
        var template = Assert.Single(set.Templates);
        set.Link(template.Id, "ok", new Values.EntityUid("User", "a"), null);
        set.Link(template.Id, "wrong", new Values.EntityUid("Doc", "d"), null);
        set.Link(template.Id, "unknown", new Values.EntityUid("Nope", "n"), null);
        var errors = CedarValidator.Validate(set, Schema).Errors;
        Assert.DoesNotContain(errors, e => e.PolicyId == "ok");
        Assert.Equal([ValidationErrorKind.InvalidActionApplication], errors.Where(e => e.PolicyId == "wrong").Select(e => e.Kind));
        Assert.Equal([ValidationErrorKind.UnrecognizedEntityType, ValidationErrorKind.InvalidActionApplication], errors.Where(e => e.PolicyId == "unknown").Select(e => e.Kind));
    }
}
