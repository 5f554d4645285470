using Sekisho.Server.Credentials;
using Sekisho.Server.Nodes;

namespace Sekisho.Server.Tests.Nodes;

public sealed class NodeIdsTests
{
    [Fact]
    public void Instance_ids_are_mi_and_17_lowercase_hex_digits()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => NodeIds.NewInstanceId()).ToList();
        Assert.All(ids, id => Assert.Matches("^mi-[0-9a-f]{17}$", id));
        Assert.All(ids, id => Assert.True(NodeIds.IsInstanceId(id)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.False(NodeIds.IsInstanceId("mi-0123456789ABCDEF0"));
        Assert.False(NodeIds.IsInstanceId("i-0123456789abcdef0"));
        Assert.False(NodeIds.IsInstanceId("mi-0123456789abcdef"));
    }

    [Fact]
    public void Activation_codes_are_20_random_characters_checked_against_their_hash()
    {
        var code = NodeIds.NewActivationCode();
        Assert.Matches("^[A-Za-z0-9]{20}$", code);
        Assert.NotEqual(code, NodeIds.NewActivationCode());
        var hash = NodeIds.HashActivationCode(code);
        Assert.Equal(32, hash.Length);
        Assert.True(NodeIds.ActivationCodeMatches(code, hash));
        Assert.False(NodeIds.ActivationCodeMatches("X" + code[1..], hash));   // differs first
        Assert.False(NodeIds.ActivationCodeMatches(code[..^1] + "!", hash));  // differs last
        Assert.False(NodeIds.ActivationCodeMatches(code + "x", hash));
        Assert.False(NodeIds.ActivationCodeMatches("", hash));
        Assert.False(NodeIds.ActivationCodeMatches(new string('a', 5000), hash));
    }

    [Fact]
    public void The_activation_code_check_does_not_get_faster_the_earlier_the_code_differs()
    {
        // The comparison is of SHA-256 digests with FixedTimeEquals: a wrong first character costs what a wrong
        // last character costs. This is a smoke check on a shared machine, with a generous bound against noise.
        var code = NodeIds.NewActivationCode();
        var hash = NodeIds.HashActivationCode(code);
        var early = "#" + code[1..];
        var late = code[..^1] + "#";
        var a = new double[41];
        var b = new double[41];
        for (var s = -1; s < a.Length; s++)
        {
            // Interleaved so that a burst of load on the machine hits both sides alike; round -1 warms up.
            var ta = Time(early);
            var tb = Time(late);
            if (s < 0) continue;
            a[s] = ta;
            b[s] = tb;
        }
        // The fastest run of each is the one least disturbed by other work on the machine.
        var ratio = a.Min() / b.Min();

        double Time(string presented)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var i = 0; i < 2000; i++) NodeIds.ActivationCodeMatches(presented, hash);
            return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Assert.True(ratio is > 0.5 and < 2.0, $"early/late mismatch time ratio {ratio:0.00}");
    }

    [Fact]
    public async Task Checking_a_registered_node_allocates_nothing_once_loaded()
    {
        var nodes = new RegisteredNodes();
        var id = NodeIds.NewInstanceId();
        var other = NodeIds.NewInstanceId();
        nodes.Load([id]);
        Assert.True(await nodes.IsRegisteredAsync(id, CancellationToken.None));
        Assert.False(await nodes.IsRegisteredAsync(other, CancellationToken.None));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = CountSynchronouslyRegistered(nodes, id, other, 10_000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(5_000, found);
        nodes.Remove(id);
        Assert.False(await nodes.IsRegisteredAsync(id, CancellationToken.None));
    }

    /// <summary>Calls the check <paramref name="count"/> times, counting the answers that completed synchronously with true.</summary>
    private static int CountSynchronouslyRegistered(RegisteredNodes nodes, string id, string other, int count)
    {
        var found = 0;
        for (var i = 0; i < count; i++)
        {
            var check = nodes.IsRegisteredAsync(i % 2 == 0 ? id : other, CancellationToken.None);
            // Completed synchronously (checked first), so reading the result does not block.
            if (check.IsCompletedSuccessfully && check.Result) found++;
        }
        return found;
    }

    [Fact]
    public async Task Before_the_first_load_a_check_waits_for_it()
    {
        var nodes = new RegisteredNodes();
        var id = NodeIds.NewInstanceId();
        var pending = nodes.IsRegisteredAsync(id, CancellationToken.None);
        Assert.False(pending.IsCompleted);
        nodes.Load([id]);
        Assert.True(await pending);
    }
}
