using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Ast;

/// <summary>
/// The principal or resource part of a scope: the entity compared with (<see cref="Entity"/>) or the template
/// slot standing for it (<see cref="Slot"/>), and the entity type for the <c>is</c> forms.
/// </summary>
public sealed record ScopeConstraint(ScopeKind Kind, EntityUid? Entity, SlotId? Slot, string? EntityType, SourceSpan Span)
{
    public static ScopeConstraint Any(SourceSpan span) => new(ScopeKind.Any, null, null, null, span);

    /// <summary>True when the constraint names a slot that a template link must fill.</summary>
    public bool HasSlot => Slot is not null;
}
