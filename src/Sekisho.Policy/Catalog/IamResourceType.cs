namespace Sekisho.Policy.Catalog;

/// <summary>A resource type of a service: its ARN template and the condition keys it supports.</summary>
public sealed record IamResourceType
{
    public IamResourceType(string name, string arnTemplate, IReadOnlyList<IamConditionKey> conditionKeys)
    {
        Name = name;
        ArnTemplate = arnTemplate;
        ArnPattern = TemplatePattern.ToGlob(arnTemplate);
        ConditionKeys = conditionKeys;
    }

    /// <summary>The type's name in the service authorization reference, e.g. <c>managed-instance</c>.</summary>
    public string Name { get; }

    /// <summary>The ARN format, e.g. <c>arn:${Partition}:ssm:${Region}:${Account}:managed-instance/${InstanceId}</c>.</summary>
    public string ArnTemplate { get; }

    /// <summary>The template as a wildcard pattern: every <c>${...}</c> part is <c>*</c>.</summary>
    public string ArnPattern { get; }

    public IReadOnlyList<IamConditionKey> ConditionKeys { get; }

    /// <summary>
    /// Whether a policy's resource (wildcards and <c>${...}</c> variables allowed) can name a resource of this type.
    /// ARNs are case-sensitive, as AWS compares them.
    /// </summary>
    public bool CanMatch(string policyResource) => CanMatchPattern(TemplatePattern.ToGlob(policyResource));

    /// <summary>Like <see cref="CanMatch"/> for a resource already turned into a pattern by <see cref="TemplatePattern.ToGlob"/>.</summary>
    public bool CanMatchPattern(string resourcePattern) => ArnGlob.Intersects(resourcePattern, ArnPattern);

    public override string ToString() => Name;
}
