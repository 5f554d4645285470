using Sekisho.Cedar.Extensions;

namespace Sekisho.Cedar.Values;

/// <summary>A <c>ipaddr</c> extension value as a Cedar <see cref="Values.Value"/> payload.</summary>
public sealed class IpAddrValue(Extensions.CedarIpAddr value) : IExtensionValue, IEquatable<IpAddrValue>
{
    public Extensions.CedarIpAddr Value { get; } = value;

    public string TypeName => "ipaddr";

    public bool SupportsOrdering => false;

    public string ToCedarString() => Value.ToCedarExpression();

    public int CompareTo(IExtensionValue other) =>
        throw new NotSupportedException("ipaddr values are not ordered by the comparison operators");

    public bool Equals(IpAddrValue? other) => other is not null && Value.Equals(other.Value);

    public override bool Equals(object? obj) => obj is IpAddrValue other && Equals(other);

    public override int GetHashCode() => Value.GetHashCode();

    public override string ToString() => ToCedarString();
}
