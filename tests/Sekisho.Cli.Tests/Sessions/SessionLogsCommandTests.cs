using System.Text;
using Sekisho.Server.Hosting;
using Sekisho.Server.Sessions;

namespace Sekisho.Cli.Tests.Sessions;

public sealed class SessionLogsCommandTests : IAsyncLifetime
{
    private const string SessionId = "alice-0123456789abcdef0";
    private const string Header = """{"version":2,"width":80,"height":24,"timestamp":1795000000,"title":"alice on mi-0123456789abcdef0"}""";
    private static readonly string PartOne = Header + "\n" + """[0.1,"o","$ "]""" + "\n" + """[0.5,"i","ls\r"]""" + "\n";
    private static readonly string PartTwo = """[0.6,"r","100x30"]""" + "\n" + """[0.7,"o","file.txt\r\n\u00e9"]""" + "\n";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "sekisho-logs-" + Guid.NewGuid().ToString("N"));
    private string _account = "";

    public async Task InitializeAsync()
    {
        await ServerInitializer.InitAsync(_data, null, "us-east-1", null, TimeProvider.System);
        _account = DataFolder.ReadSettings(_data).ManagementAccountId;
        var store = await DataFolder.OpenStoreAsync(_data, null, TimeProvider.System);
        await using (store)
        {
            var recordings = new RecordingStore(store);
            var name = RecordingStore.Name(_account, SessionId);
            await recordings.WritePartAsync(name, 0, Encoding.UTF8.GetBytes(PartOne), CancellationToken.None);
            await recordings.WritePartAsync(name, 1, Encoding.UTF8.GetBytes(PartTwo), CancellationToken.None);
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_data, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PrintsTheWholeRecordingFromItsParts()
    {
        var (code, stdout, _) = await RunAsync("session", "logs", SessionId, "--data", _data);
        Assert.Equal(0, code);
        Assert.Equal(PartOne + PartTwo, stdout);
    }

    [Fact]
    public async Task PlayWritesOnlyTheOutputEvents()
    {
        var (code, stdout, _) = await RunAsync("session", "logs", SessionId, "--data", _data, "--play", "--speed", "1000");
        Assert.Equal(0, code);
        Assert.Equal("$ file.txt\r\n\u00e9", stdout);
    }

    [Fact]
    public async Task AnUnknownSessionSaysSoAndExitsOne()
    {
        var (code, _, stderr) = await RunAsync("session", "logs", "bob-ffffffffffffffff0", "--data", _data);
        Assert.Equal(1, code);
        Assert.Contains("no recording of session 'bob-ffffffffffffffff0' in account " + _account, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadSpeedIsBadInput()
    {
        var (code, _, stderr) = await RunAsync("session", "logs", SessionId, "--data", _data, "--play", "--speed", "0");
        Assert.Equal(2, code);
        Assert.Contains("--speed '0' must be a number above 0", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(args, new CliConsole(new StringReader(""), stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
