using Sekisho.Cedar.Extensions;

namespace Sekisho.Cedar.Values;

/// <summary>A <c>decimal</c> extension value as a Cedar <see cref="Values.Value"/> payload.</summary>
public sealed class DecimalValue(Extensions.CedarDecimal value) : IExtensionValue, IEquatable<DecimalValue>
{
    public Extensions.CedarDecimal Value { get; } = value;

    public string TypeName => "decimal";

    public bool SupportsOrdering => false;

    public string ToCedarString() => Value.ToCedarExpression();

    public int CompareTo(IExtensionValue other) =>
        throw new NotSupportedException("decimal values are not ordered by the comparison operators");

    public bool Equals(DecimalValue? other) => other is not null && Value.Equals(other.Value);

    public override bool Equals(object? obj) => obj is DecimalValue other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => ToCedarString();
}
