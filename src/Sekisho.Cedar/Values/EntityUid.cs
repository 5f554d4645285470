using System.Text;

namespace Sekisho.Cedar.Values;

/// <summary>An entity reference: a (possibly namespaced) type name and an id, e.g. <c>Photo::Album::"vacation"</c>.</summary>
public sealed class EntityUid : IEquatable<EntityUid>
{
    private readonly int _hash;

    public EntityUid(string type, string id)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(id);
        Type = type;
        Id = id;
        _hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(type), StringComparer.Ordinal.GetHashCode(id));
    }

    /// <summary>The entity type's full name with its namespace, e.g. <c>A::B</c>.</summary>
    public string Type { get; }

    /// <summary>The entity id (any string).</summary>
    public string Id { get; }

    public bool Equals(EntityUid? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (_hash == other._hash && string.Equals(Id, other.Id, StringComparison.Ordinal) && string.Equals(Type, other.Type, StringComparison.Ordinal)));

    public override bool Equals(object? obj) => obj is EntityUid other && Equals(other);

    public override int GetHashCode() => _hash;

    /// <summary>Cedar syntax: <c>Type::"id"</c> with the id escaped as Cedar string literals are.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Type.Length + Id.Length + 4);
        sb.Append(Type).Append("::");
        CedarString.AppendQuoted(sb, Id);
        return sb.ToString();
    }
}
