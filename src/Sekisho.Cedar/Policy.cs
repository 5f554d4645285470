using Sekisho.Cedar.Ast;
using Sekisho.Cedar.Syntax;
using Sekisho.Cedar.Values;

namespace Sekisho.Cedar;

/// <summary>
/// A policy or a template (a policy whose scope has a <c>?principal</c> or <c>?resource</c> slot). A linked
/// policy is a template with its slots filled; <see cref="TemplateId"/> names the template it came from.
/// </summary>
public sealed record Policy(
    string Id,
    Effect Effect,
    IReadOnlyList<Annotation> Annotations,
    ScopeConstraint Principal,
    ActionConstraint Action,
    ScopeConstraint Resource,
    IReadOnlyList<Condition> Conditions,
    SourceSpan Span)
{
    /// <summary>For a linked policy, the id of its template.</summary>
    public string? TemplateId { get; init; }

    /// <summary>True when a slot is still unfilled, i.e. this is a template and cannot be evaluated.</summary>
    public bool IsTemplate => Principal.HasSlot || Resource.HasSlot;

    /// <summary>The value of annotation <paramref name="key"/>: null when absent, "" for a bare annotation.</summary>
    public string? Annotation(string key)
    {
        foreach (var a in Annotations)
        {
            if (string.Equals(a.Key, key, StringComparison.Ordinal)) return a.Value ?? "";
        }
        return null;
    }

    /// <summary>Fills this template's slots, giving the linked policy id <paramref name="newId"/>.</summary>
    public Policy Link(string newId, EntityUid? principal, EntityUid? resource)
    {
        if (!IsTemplate) throw new CedarException($"policy `{Id}` is not a template");
        return this with
        {
            Id = newId,
            TemplateId = Id,
            Principal = Fill(Principal, principal, "?principal"),
            Resource = Fill(Resource, resource, "?resource"),
        };
    }

    private ScopeConstraint Fill(ScopeConstraint c, EntityUid? value, string slotName)
    {
        if (!c.HasSlot)
        {
            if (value is not null) throw new CedarException($"template `{Id}` has no {slotName} slot, but a value was given for it");
            return c;
        }
        if (value is null) throw new CedarException($"template `{Id}` needs a value for {slotName}");
        return c with { Entity = value, Slot = null };
    }
}
