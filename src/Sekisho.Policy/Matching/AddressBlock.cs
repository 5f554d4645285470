using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Sekisho.Policy.Matching;

/// <summary>
/// An IpAddress / NotIpAddress policy value as numbers, masked once at compile time: an address of the same family
/// is inside when its masked bits equal <see cref="Network"/>. <see cref="Family"/> is 4, 6, or 0 for a malformed
/// value (which matches nothing).
/// </summary>
internal readonly record struct AddressBlock(int Family, UInt128 Network, UInt128 Mask)
{
    public static AddressBlock From(IPNetwork? network)
    {
        if (network is not { } net) return default;
        Span<byte> bytes = stackalloc byte[16];
        net.BaseAddress.TryWriteBytes(bytes, out var written);
        if (net.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            UInt128 v4 = BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]);
            UInt128 mask4 = net.PrefixLength == 0 ? 0u : uint.MaxValue << (32 - net.PrefixLength);
            return new AddressBlock(4, v4 & mask4, mask4);
        }
        var v6 = BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]);
        var mask6 = net.PrefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - net.PrefixLength);
        return new AddressBlock(6, v6 & mask6, mask6);
    }

    /// <summary>An address from the request context (IPv4 in the low 32 bits) of the given family.</summary>
    public bool Contains(int family, UInt128 address) => family == Family && (address & Mask) == Network;
}
