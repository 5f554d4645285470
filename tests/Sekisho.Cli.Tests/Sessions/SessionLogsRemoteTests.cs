using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Sekisho.Server.Hosting;
using Sekisho.Server.Sessions;
using Sekisho.TestSupport;

namespace Sekisho.Cli.Tests.Sessions;

/// <summary>
/// <c>sekisho session logs ID</c> without <c>--data</c>: the real CLI reads the recording from a real server
/// (GET /v1/session-recordings/ID, SigV4 with the AWS credential chain) at <c>--endpoint-url</c> or AWS_ENDPOINT_URL.
/// </summary>
public sealed class SessionLogsRemoteTests : IAsyncLifetime
{
    private const string SessionId = "admin-0123456789abcdef0";
    private const string Header = """{"version":2,"width":80,"height":24,"timestamp":1795000000,"title":"admin on mi-0123456789abcdef0"}""";
    private static readonly string Recording = Header + "\n" + """[0.1,"o","$ "]""" + "\n" + """[0.5,"i","ls\r"]""" + "\n" + """[0.7,"o","file.txt\r\n"]""" + "\n";

    private readonly string _data = Directory.CreateTempSubdirectory("sekisho-logs-remote-").FullName;
    private WebApplication? _app;
    private string _endpoint = "";
    private string _keyId = "";
    private string _secret = "";

    public async Task InitializeAsync()
    {
        var init = await ServerInitializer.InitAsync(_data, null, "us-east-1", null, TimeProvider.System);
        (_keyId, _secret) = (init.AccessKeyId, init.SecretAccessKey);
        var account = DataFolder.ReadSettings(_data).ManagementAccountId;
        await using (var store = await DataFolder.OpenStoreAsync(_data, null, TimeProvider.System))
        {
            var now = DateTimeOffset.UtcNow;
            var name = RecordingStore.Name(account, SessionId);
            await new SessionRepository(store).CreateAsync(new SessionRecord(SessionId, account, "us-east-1", "mi-0123456789abcdef0",
                "SSM-SessionManagerRunShell", $"arn:aws:ssm:us-east-1:{account}:document/SSM-SessionManagerRunShell", "Standard_Stream",
                $"arn:aws:iam::{account}:user/admin", "ssm-user", null, new Dictionary<string, string>(), null, false, now.AddMinutes(-5), now,
                "Terminated", null, TimeSpan.FromMinutes(20), null, null, name), CancellationToken.None);
            await new RecordingStore(store).WritePartAsync(name, 0, Encoding.UTF8.GetBytes(Recording), CancellationToken.None);
        }
        _app = await SekishoServer.BuildAsync(new ServerOptions(_data, new Uri("http://127.0.0.1:0")));
        await _app.StartAsync();
        _endpoint = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Prints_the_recording_read_from_the_server_with_the_endpoint_option()
    {
        var result = await RunAsync(Environment(_secret), "session", "logs", SessionId, "--endpoint-url", _endpoint, "--region", "us-east-1");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(Recording, result.Stdout);
    }

    [Fact]
    public async Task Plays_the_recording_from_the_endpoint_in_AWS_ENDPOINT_URL()
    {
        var environment = Environment(_secret);
        environment["AWS_ENDPOINT_URL"] = _endpoint;
        var result = await RunAsync(environment, "session", "logs", SessionId, "--play", "--speed", "1000");
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("$ file.txt\r\n", result.Stdout);
    }

    [Fact]
    public async Task A_refusal_is_worded_as_the_aws_cli_and_an_unknown_session_exits_one()
    {
        var refused = await RunAsync(Environment("not-the-secret"), "session", "logs", SessionId, "--endpoint-url", _endpoint);
        Assert.Equal(254, refused.ExitCode);
        Assert.StartsWith("An error occurred (InvalidSignatureException) when calling the GetSessionRecording operation: ", refused.Stderr, StringComparison.Ordinal);

        var unknown = await RunAsync(Environment(_secret), "session", "logs", "admin-fffffffffffffffff", "--endpoint-url", _endpoint);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("(DoesNotExistException) when calling the GetSessionRecording operation: Session with id admin-fffffffffffffffff does not exist.", unknown.Stderr, StringComparison.Ordinal);

        var mixed = await RunAsync(Environment(_secret), "session", "logs", SessionId, "--endpoint-url", _endpoint, "--data", _data);
        Assert.Equal(2, mixed.ExitCode);
        Assert.Contains("--endpoint-url is for reading from the server; --data reads the store directly", mixed.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The administrator's keys in the environment, a region, and an empty HOME (no ~/.aws to fall back on).</summary>
    private Dictionary<string, string> Environment(string secret) => new()
    {
        ["HOME"] = _data,
        ["AWS_ACCESS_KEY_ID"] = _keyId,
        ["AWS_SECRET_ACCESS_KEY"] = secret,
        ["AWS_SESSION_TOKEN"] = "",
        ["AWS_PROFILE"] = "",
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL"] = "",
    };

    private static Task<CliRunner.Result> RunAsync(Dictionary<string, string> environment, params string[] args) =>
        CliRunner.RunAsync("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "sekisho.dll") }.Concat(args), environment: environment,
            timeout: TimeSpan.FromMinutes(1));
}
