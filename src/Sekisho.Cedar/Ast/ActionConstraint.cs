using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Ast;

/// <summary>
/// The action part of a scope: <see cref="ScopeKind.Any"/>, <see cref="ScopeKind.Eq"/> (one entity) or
/// <see cref="ScopeKind.In"/> (one entity, or a list when <see cref="IsList"/>).
/// </summary>
public sealed record ActionConstraint(ScopeKind Kind, IReadOnlyList<EntityUid> Entities, bool IsList, SourceSpan Span)
{
    public static ActionConstraint Any(SourceSpan span) => new(ScopeKind.Any, [], false, span);
}
