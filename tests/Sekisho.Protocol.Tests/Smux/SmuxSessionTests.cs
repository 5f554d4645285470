using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Sekisho.Protocol.Smux;

namespace Sekisho.Protocol.Tests.Smux;

public sealed class SmuxSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static async Task<byte[]> ReadRawAsync(PipeReader reader, int count)
    {
        while (true)
        {
            var result = await reader.ReadAsync().AsTask().WaitAsync(Timeout);
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count).ToArray();
                reader.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        var output = new MemoryStream();
        await stream.CopyToAsync(output).WaitAsync(Timeout);
        return output.ToArray();
    }

    [Fact]
    public async Task Client_streams_are_odd_from_3_and_frames_match_the_golden_bytes()
    {
        var (left, _, leftToRight, _) = PipePair.Create();
        await using var client = SmuxSession.Client(left);
        var first = await client.OpenStreamAsync();
        var second = await client.OpenStreamAsync();
        Assert.Equal(3u, first.Id);
        Assert.Equal(5u, second.Id);
        await first.WriteAsync("hi"u8.ToArray());
        await first.CloseAsync();
        var raw = await ReadRawAsync(leftToRight.Reader, 8 + 8 + 10 + 8);
        Assert.Equal(
            "0100000003000000" + "0100000005000000" + "01020200030000006869" + "0101000003000000",
            Convert.ToHexString(raw), ignoreCase: true);
    }

    [Fact]
    public async Task Server_streams_are_even_from_2()
    {
        var (_, right, _, _) = PipePair.Create();
        await using var server = SmuxSession.Server(right);
        Assert.Equal(2u, (await server.OpenStreamAsync()).Id);
        Assert.Equal(4u, (await server.OpenStreamAsync()).Id);
    }

    [Fact]
    public async Task Hand_built_frames_are_accepted_read_and_finished()
    {
        var (_, right, leftToRight, _) = PipePair.Create();
        await using var server = SmuxSession.Server(right);
        var wire = Convert.FromHexString(
            "0100000003000000" +            // SYN 3
            "0103000000000000" +            // NOP
            "0102050003000000" + "68656c6c6f" + // PSH 3 "hello"
            "0102030009000000" + "787878" +  // PSH to unknown stream 9: dropped
            "0101000003000000");            // FIN 3
        await leftToRight.Writer.WriteAsync(wire);
        var stream = await server.AcceptStreamAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(3u, stream.Id);
        Assert.Equal("hello", Encoding.ASCII.GetString(await ReadToEndAsync(stream)));
        Assert.True(stream.RemoteClosed);
    }

    [Fact]
    public async Task Data_is_split_at_the_maximum_frame_size()
    {
        var (left, _, leftToRight, _) = PipePair.Create();
        await using var client = SmuxSession.Client(left, new SmuxOptions { MaxFrameSize = 65535 });
        var stream = await client.OpenStreamAsync();
        var data = new byte[65536];
        await stream.WriteAsync(data);
        var raw = await ReadRawAsync(leftToRight.Reader, 8 + 8 + 65535 + 8 + 1);
        Assert.Equal("0102ffff03000000", Convert.ToHexString(raw, 8, 8), ignoreCase: true);
        Assert.Equal("0102010003000000", Convert.ToHexString(raw, 8 + 8 + 65535, 8), ignoreCase: true);
    }

    [Fact]
    public async Task Many_concurrent_streams_carry_exact_bytes_both_ways()
    {
        const int Streams = 48;
        const int Bytes = 256 * 1024;
        var (left, right, _, _) = PipePair.Create(pauseThreshold: 256 * 1024);
        await using var client = SmuxSession.Client(left);
        await using var server = SmuxSession.Server(right, new SmuxOptions { MaxReceiveBuffer = 1024 * 1024 });

        var serverSide = Task.Run(async () =>
        {
            var handlers = new List<Task<(uint, string, string)>>();
            for (var i = 0; i < Streams; i++)
            {
                var stream = await server.AcceptStreamAsync();
                handlers.Add(Task.Run(async () =>
                {
                    var outgoing = RandomNumberGenerator.GetBytes(Bytes + (int)stream.Id);
                    var write = Task.Run(async () =>
                    {
                        for (var offset = 0; offset < outgoing.Length; offset += 10_000)
                        {
                            await stream.WriteAsync(outgoing.AsMemory(offset, Math.Min(10_000, outgoing.Length - offset)));
                        }
                    });
                    var received = await ReadToEndAsync(stream);
                    await write;
                    await stream.CloseAsync();
                    return (stream.Id, Convert.ToHexString(SHA256.HashData(received)), Convert.ToHexString(SHA256.HashData(outgoing)));
                }));
            }
            return await Task.WhenAll(handlers);
        });

        var clientSide = Enumerable.Range(0, Streams).Select(_ => Task.Run(async () =>
        {
            var stream = await client.OpenStreamAsync();
            var outgoing = RandomNumberGenerator.GetBytes(Bytes);
            var write = stream.WriteAsync(outgoing).AsTask();
            var expectedLength = Bytes + (int)stream.Id;
            var received = new byte[expectedLength];
            var got = 0;
            while (got < expectedLength)
            {
                var n = await stream.ReadAsync(received.AsMemory(got));
                Assert.NotEqual(0, n);
                got += n;
            }
            await write;
            await stream.CloseAsync();
            return (stream.Id, Convert.ToHexString(SHA256.HashData(outgoing)), Convert.ToHexString(SHA256.HashData(received)));
        })).ToArray();

        var clientResults = await Task.WhenAll(clientSide).WaitAsync(TimeSpan.FromSeconds(120));
        var serverResults = await serverSide.WaitAsync(TimeSpan.FromSeconds(120));
        var byId = serverResults.ToDictionary(r => r.Item1);
        Assert.Equal(Streams, byId.Count);
        foreach (var (id, clientSent, clientReceived) in clientResults)
        {
            var (_, serverReceived, serverSent) = byId[id];
            Assert.Equal(clientSent, serverReceived);
            Assert.Equal(serverSent, clientReceived);
        }
        Assert.Equal(0, client.StreamCount);
        Assert.Equal(0, server.StreamCount);
    }

    [Fact]
    public async Task An_unread_stream_stops_the_session_reading_until_it_is_read()
    {
        var (left, right, _, _) = PipePair.Create(pauseThreshold: 64 * 1024);
        await using var client = SmuxSession.Client(left);
        await using var server = SmuxSession.Server(right, new SmuxOptions { MaxReceiveBuffer = 128 * 1024 });
        var stream = await client.OpenStreamAsync();
        var accepted = await server.AcceptStreamAsync().AsTask().WaitAsync(Timeout);
        var data = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);
        var write = stream.WriteAsync(data).AsTask();
        await Task.Delay(300);
        Assert.False(write.IsCompleted, "the writer should be held back by the unread receive buffer and the full pipe");

        var received = new byte[data.Length];
        var got = 0;
        while (got < data.Length)
        {
            got += await accepted.ReadAsync(received.AsMemory(got)).AsTask().WaitAsync(Timeout);
        }
        await write.WaitAsync(Timeout);
        Assert.Equal(data, received);
    }

    [Fact]
    public async Task Closing_a_stream_discards_unread_data_and_returns_its_budget()
    {
        var (left, right, _, _) = PipePair.Create();
        await using var client = SmuxSession.Client(left);
        await using var server = SmuxSession.Server(right, new SmuxOptions { MaxReceiveBuffer = 64 * 1024 });
        var first = await client.OpenStreamAsync();
        var firstAccepted = await server.AcceptStreamAsync().AsTask().WaitAsync(Timeout);
        await first.WriteAsync(new byte[100 * 1024]).AsTask().WaitAsync(Timeout);
        await firstAccepted.CloseAsync();

        var second = await client.OpenStreamAsync();
        var secondAccepted = await server.AcceptStreamAsync().AsTask().WaitAsync(Timeout);
        await second.WriteAsync("after"u8.ToArray()).AsTask().WaitAsync(Timeout);
        await second.CloseAsync();
        Assert.Equal("after", Encoding.ASCII.GetString(await ReadToEndAsync(secondAccepted)));
    }

    [Fact]
    public async Task A_protocol_error_ends_the_session_and_its_streams_with_the_reason()
    {
        var (_, right, leftToRight, _) = PipePair.Create();
        await using var server = SmuxSession.Server(right);
        await leftToRight.Writer.WriteAsync(Convert.FromHexString("0100000003000000" + "0204000003000000"));
        var stream = await server.AcceptStreamAsync().AsTask().WaitAsync(Timeout);
        var e = await Assert.ThrowsAsync<SmuxProtocolException>(() => server.Completion.WaitAsync(Timeout));
        Assert.Contains("version 2", e.Message, StringComparison.Ordinal);
        var read = await Assert.ThrowsAsync<IOException>(async () => _ = await stream.ReadAsync(new byte[1]));
        Assert.IsType<SmuxProtocolException>(read.InnerException);
        await Assert.ThrowsAsync<IOException>(async () => await server.AcceptStreamAsync());
    }

    [Fact]
    public async Task Transport_ending_inside_a_frame_is_an_error_and_a_clean_end_is_not()
    {
        var (_, right, leftToRight, _) = PipePair.Create();
        await using var server = SmuxSession.Server(right);
        await leftToRight.Writer.WriteAsync(Convert.FromHexString("0102050003000000" + "6869"));
        await leftToRight.Writer.CompleteAsync();
        var e = await Assert.ThrowsAsync<SmuxProtocolException>(() => server.Completion.WaitAsync(Timeout));
        Assert.Contains("inside a frame", e.Message, StringComparison.Ordinal);

        var (_, clean, cleanPipe, _) = PipePair.Create();
        await using var other = SmuxSession.Server(clean);
        await cleanPipe.Writer.WriteAsync(Convert.FromHexString("0100000003000000"));
        var stream = await other.AcceptStreamAsync().AsTask().WaitAsync(Timeout);
        await cleanPipe.Writer.CompleteAsync();
        await other.Completion.WaitAsync(Timeout);
        var end = await stream.ReadAsync(new byte[1]);
        Assert.Equal(0, end);
        Assert.True(other.IsClosed);
    }

    [Fact]
    public async Task Disposing_a_session_releases_a_write_blocked_by_a_peer_that_stopped_reading()
    {
        var (left, _, _, _) = PipePair.Create(pauseThreshold: 64 * 1024);
        var client = SmuxSession.Client(left);
        var stream = await client.OpenStreamAsync();
        var write = stream.WriteAsync(new byte[1024 * 1024]).AsTask();
        await Task.Delay(100);
        Assert.False(write.IsCompleted);
        await client.DisposeAsync().AsTask().WaitAsync(Timeout);
        await Assert.ThrowsAsync<IOException>(() => write.WaitAsync(Timeout));
    }
}
