namespace Sekisho.Server.Documents;

/// <summary>
/// One entry of a document's <c>parameters</c>: its type (<c>String</c> or <c>StringList</c>), default, and the
/// constraints a value must meet (<c>allowedValues</c>, <c>allowedPattern</c>, <c>minItems</c>/<c>maxItems</c>).
/// </summary>
/// <param name="Default">the default values (one for String); null when the parameter has no default (then it is required)</param>
public sealed record DocumentParameter(
    string Name,
    string Type,
    string? Description,
    IReadOnlyList<string>? Default,
    IReadOnlyList<string>? AllowedValues,
    string? AllowedPattern,
    int? MinItems = null,
    int? MaxItems = null)
{
    public bool IsList => Type == DocumentParameterTypes.StringList;
}
