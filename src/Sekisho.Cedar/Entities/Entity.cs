using Sekisho.Cedar.Values;

namespace Sekisho.Cedar.Entities;

/// <summary>
/// An entity: its uid, attributes, direct parents and tags. <see cref="Ancestors"/> (all parents, transitively)
/// is filled in by <see cref="EntityStore"/> once, when the store is built.
/// </summary>
public sealed class Entity
{
    private static readonly HashSet<EntityUid> NoAncestors = [];

    public Entity(EntityUid uid, CedarRecord attributes, IReadOnlyCollection<EntityUid> parents, CedarRecord tags)
    {
        ArgumentNullException.ThrowIfNull(uid);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(tags);
        Uid = uid;
        Attributes = attributes;
        Parents = parents;
        Tags = tags;
        AncestorSet = NoAncestors;
    }

    public EntityUid Uid { get; }

    public CedarRecord Attributes { get; }

    public IReadOnlyCollection<EntityUid> Parents { get; }

    public CedarRecord Tags { get; }

    /// <summary>Every entity this one is transitively <c>in</c> (not including itself).</summary>
    public IReadOnlySet<EntityUid> Ancestors => AncestorSet;

    internal HashSet<EntityUid> AncestorSet { get; set; }

    /// <summary>True when this entity is <paramref name="other"/> or one of its descendants.</summary>
    public bool IsIn(EntityUid other) => Uid.Equals(other) || AncestorSet.Contains(other);
}
