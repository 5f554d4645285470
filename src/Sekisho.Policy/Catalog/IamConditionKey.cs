namespace Sekisho.Policy.Catalog;

/// <summary>
/// A condition key as the catalogue names it, possibly a template such as <c>aws:ResourceTag/${TagKey}</c> that
/// stands for every key with that prefix. Names compare case-insensitively, as IAM does.
/// </summary>
public sealed record IamConditionKey
{
    private readonly string? _glob;

    public IamConditionKey(string name)
    {
        Name = name;
        var glob = TemplatePattern.ToGlob(name);
        _glob = ReferenceEquals(glob, name) ? null : glob;
    }

    /// <summary>The key as written in the catalogue, e.g. <c>ssm:resourceTag/${TagKey}</c>.</summary>
    public string Name { get; }

    /// <summary>Whether the name holds a <c>${...}</c> part.</summary>
    public bool IsTemplate => _glob is not null;

    /// <summary>Whether a key written in a policy is this key or an instance of this template.</summary>
    public bool Matches(string key) =>
        _glob is null
            ? string.Equals(Name, key, StringComparison.OrdinalIgnoreCase)
            // "aws:ResourceTag/" alone names no tag, so the template part must not be empty.
            : key.Length > _glob.Length - 1 && Glob.IsMatch(_glob, key, ignoreCase: true);

    public override string ToString() => Name;
}
