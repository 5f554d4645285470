using Sekisho.Cedar.Extensions;

namespace Sekisho.Cedar.Values;

/// <summary>A <c>datetime</c> extension value as a Cedar <see cref="Values.Value"/> payload.</summary>
public sealed class DatetimeValue(Extensions.CedarDatetime value) : IExtensionValue, IEquatable<DatetimeValue>
{
    public Extensions.CedarDatetime Value { get; } = value;

    public string TypeName => "datetime";

    public bool SupportsOrdering => true;

    public string ToCedarString() => Value.ToCedarExpression();

    public int CompareTo(IExtensionValue other) =>
        other is DatetimeValue o ? Value.CompareTo(o.Value) : throw new ArgumentException("not a datetime", nameof(other));

    public bool Equals(DatetimeValue? other) => other is not null && Value.Equals(other.Value);

    public override bool Equals(object? obj) => obj is DatetimeValue other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => ToCedarString();
}
