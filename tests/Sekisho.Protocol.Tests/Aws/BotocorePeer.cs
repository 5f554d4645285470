using System.Text.Json.Nodes;
using Sekisho.TestSupport;

namespace Sekisho.Protocol.Tests.Aws;

/// <summary>Runs botocore, as bundled in Debian's awscli, on a batch of serialize/parse cases (see botocore_peer.py).</summary>
public static class BotocorePeer
{
    private const string Python = "/usr/bin/python3";
    private const string Botocore = "/usr/lib/python3/dist-packages/awscli/botocore";

    public static async Task<JsonArray> RunAsync(JsonArray cases)
    {
        if (!Directory.Exists(Botocore))
            throw new InvalidOperationException($"{Botocore} missing: install Debian's awscli (apt-get install awscli)");
        var script = Path.Combine(AppContext.BaseDirectory, "Aws", "botocore_peer.py");
        var result = await CliRunner.RunAsync(Python, [script], cases.ToJsonString());
        if (result.ExitCode != 0) throw new InvalidOperationException($"botocore peer failed: {result.Stderr}");
        return (JsonArray)JsonNode.Parse(result.Stdout)!;
    }
}
