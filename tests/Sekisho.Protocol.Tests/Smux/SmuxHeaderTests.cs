using Sekisho.Protocol.Smux;

namespace Sekisho.Protocol.Tests.Smux;

public sealed class SmuxHeaderTests
{
    [Theory]
    // version, cmd, length (LE), stream id (LE): written by hand from the smux v1 layout.
    [InlineData("0100000003000000", SmuxCommand.Syn, 0, 3u)]
    [InlineData("0101000005000000", SmuxCommand.Fin, 0, 5u)]
    [InlineData("0102341278563412", SmuxCommand.Psh, 0x1234, 0x12345678u)]
    [InlineData("01030000ffffffff", SmuxCommand.Nop, 0, uint.MaxValue)]
    [InlineData("0102ffff02000000", SmuxCommand.Psh, 65535, 2u)]
    public void Golden_headers_encode_and_decode(string hex, SmuxCommand command, int length, uint streamId)
    {
        var header = new SmuxHeader(command, (ushort)length, streamId);
        var bytes = new byte[SmuxHeader.Size];
        header.Write(bytes);
        Assert.Equal(hex, Convert.ToHexString(bytes), ignoreCase: true);
        Assert.Equal(header, SmuxHeader.Read(Convert.FromHexString(hex)));
    }

    [Theory]
    [InlineData("0202000003000000", "version 2")]
    [InlineData("0104000003000000", "unknown command 4")]
    [InlineData("0100010003000000", "only PSH carries data")]
    [InlineData("01020000030000", "needs 8 bytes")]
    public void Bad_headers_are_refused_precisely(string hex, string expected)
    {
        var e = Assert.Throws<SmuxProtocolException>(() => SmuxHeader.Read(Convert.FromHexString(hex)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
