using System.Text;
using Sekisho.Protocol.DataChannel;

namespace Sekisho.Agent.Tests.Support;

/// <summary>The client end of a data channel for tests: answers the handshake, collects Output, StdErr, ExitCode, Flags.</summary>
internal sealed class TestDataClient : IReliableChannelHandler, IDisposable
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _output = new();
    private readonly MemoryStream _stderr = new();
    private readonly List<SessionFlag> _flags = [];
    private int? _exitCode;

    public TestDataClient()
    {
        Channel = new ReliableChannel(ReliableChannelOptions.Client, this);
    }

    public ReliableChannel Channel { get; }

    public ClientHandshake Handshake { get; } = new();

    public string Output { get { lock (_gate) { return Encoding.UTF8.GetString(_output.ToArray()); } } }

    public string StdErr { get { lock (_gate) { return Encoding.UTF8.GetString(_stderr.ToArray()); } } }

    public int? ExitCode { get { lock (_gate) { return _exitCode; } } }

    public IReadOnlyList<SessionFlag> Flags { get { lock (_gate) { return [.. _flags]; } } }

    /// <summary>When the first Output byte arrived (Stopwatch timestamp), or 0.</summary>
    public long FirstOutputAt { get; private set; }

    public void Type(string text) => Send(PayloadType.Output, Encoding.UTF8.GetBytes(text));

    public void Resize(uint cols, uint rows) => Send(PayloadType.Size, DataChannelPayloads.Serialize(new TerminalSize(cols, rows)));

    public void Send(PayloadType type, byte[] payload)
    {
        if (!Channel.TrySend(type, payload))
        {
            throw new InvalidOperationException("the test client's send buffer is full");
        }
    }

    public async Task WaitForAsync(Func<TestDataClient, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition(this))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}; output so far:\n{Output}\nstderr:\n{StdErr}");
            }
            await Task.Delay(20);
        }
    }

    public Task WaitForOutputAsync(string text, TimeSpan? timeout = null) =>
        WaitForAsync(c => c.Output.Contains(text, StringComparison.Ordinal), $"output '{text}'", timeout);

    bool IReliableChannelHandler.OnStreamData(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
        switch (header.PayloadType)
        {
            case PayloadType.HandshakeRequest:
                Channel.TrySend(PayloadType.HandshakeResponse, Handshake.HandleRequest(payload));
                break;
            case PayloadType.HandshakeComplete:
                Handshake.HandleComplete(payload);
                break;
            case PayloadType.Output:
                lock (_gate)
                {
                    if (FirstOutputAt == 0)
                    {
                        FirstOutputAt = System.Diagnostics.Stopwatch.GetTimestamp();
                    }
                    _output.Write(payload);
                }
                break;
            case PayloadType.StdErr:
                lock (_gate) { _stderr.Write(payload); }
                break;
            case PayloadType.ExitCode:
                lock (_gate) { _exitCode = DataChannelPayloads.ReadExitCode(payload); }
                break;
            case PayloadType.Flag:
                lock (_gate) { _flags.Add(DataChannelPayloads.ReadFlag(payload)); }
                break;
            default:
                break;
        }
        return true;
    }

    void IReliableChannelHandler.OnControlMessage(in ClientMessageHeader header, ReadOnlySpan<byte> payload)
    {
    }

    public void Dispose()
    {
        Channel.Dispose();
        _output.Dispose();
        _stderr.Dispose();
    }
}
