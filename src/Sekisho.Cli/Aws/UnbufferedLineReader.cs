using System.Text;

namespace Sekisho.Cli.Aws;

/// <summary>
/// Reads a line from a stream one byte at a time, so an MFA code read from stdin takes nothing beyond its newline:
/// what follows (typed ahead or piped) is left for the session.
/// </summary>
public sealed class UnbufferedLineReader(Stream stream) : TextReader
{
    public override string? ReadLine()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (stream.Read(one, 0, 1) == 0)
            {
                return bytes.Count == 0 ? null : Decode(bytes);
            }
            if (one[0] == (byte)'\n')
            {
                return Decode(bytes);
            }
            bytes.Add(one[0]);
        }
    }

    public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        new(Task.Run(ReadLine, cancellationToken));

    public override Task<string?> ReadLineAsync() => Task.Run(ReadLine);

    private static string Decode(List<byte> bytes) => Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd('\r');
}
