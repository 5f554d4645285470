using Sekisho.Policy.Catalog;

namespace Sekisho.Policy.Validation;

/// <summary>
/// One Action / NotAction entry and the catalogue actions it names. <see cref="Known"/> is false when the service
/// or action is not in the catalogue (the entry has already been warned about).
/// </summary>
internal sealed record ResolvedAction(PositionedString Entry, IReadOnlyList<IamAction> Actions, bool Known)
{
    /// <summary>Whether the entry is a pattern (<c>*</c> or <c>?</c>) rather than one action's name.</summary>
    public bool IsPattern => Glob.HasWildcard(Entry.Value);
}
