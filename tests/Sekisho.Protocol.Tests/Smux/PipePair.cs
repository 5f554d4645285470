using System.IO.Pipelines;

namespace Sekisho.Protocol.Tests.Smux;

/// <summary>Two ends of an in-memory duplex byte stream.</summary>
internal static class PipePair
{
    public static (IDuplexPipe Left, IDuplexPipe Right, Pipe LeftToRight, Pipe RightToLeft) Create(long pauseThreshold = 1024 * 1024)
    {
        var options = new PipeOptions(pauseWriterThreshold: pauseThreshold, resumeWriterThreshold: pauseThreshold / 2, useSynchronizationContext: false);
        var leftToRight = new Pipe(options);
        var rightToLeft = new Pipe(options);
        return (new Duplex(rightToLeft.Reader, leftToRight.Writer), new Duplex(leftToRight.Reader, rightToLeft.Writer), leftToRight, rightToLeft);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
