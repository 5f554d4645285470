using Sekisho.Cedar.Extensions;

namespace Sekisho.Cedar.Values;

/// <summary>A <c>duration</c> extension value as a Cedar <see cref="Values.Value"/> payload.</summary>
public sealed class DurationValue(Extensions.CedarDuration value) : IExtensionValue, IEquatable<DurationValue>
{
    public Extensions.CedarDuration Value { get; } = value;

    public string TypeName => "duration";

    public bool SupportsOrdering => true;

    public string ToCedarString() => Value.ToCedarExpression();

    public int CompareTo(IExtensionValue other) =>
        other is DurationValue o ? Value.CompareTo(o.Value) : throw new ArgumentException("not a duration", nameof(other));

    public bool Equals(DurationValue? other) => other is not null && Value.Equals(other.Value);

    public override bool Equals(object? obj) => obj is DurationValue other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => ToCedarString();
}
