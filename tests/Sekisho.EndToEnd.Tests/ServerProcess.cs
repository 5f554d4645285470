using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sekisho.TestSupport;

namespace Sekisho.EndToEnd.Tests;

/// <summary>
/// The real server: <c>dotnet sekisho.dll server init</c> into a temporary folder, then <c>server run</c> on a free
/// loopback port, ready once <c>/healthz</c> answers 200. One process serves a whole test collection. The crash
/// test makes its own, on SQLite or PostgreSQL (<see cref="Store"/>), and kills and restarts it on the same data.
/// </summary>
public sealed class ServerProcess : IAsyncLifetime
{
    public const string AccountId = "111122223333";

    private Process? _process;

    public ServerProcess()
    {
    }

    /// <param name="store">a PostgreSQL connection string for <c>--store</c>, or null for SQLite in the data folder</param>
    internal ServerProcess(string? store)
    {
        Store = store;
    }

    public string? Store { get; }

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("sekisho-e2e-").FullName;

    /// <summary>The server's data folder (<c>--data</c>), for <c>sekisho org</c> commands.</summary>
    public string DataPath => Path.Combine(DataDirectory, "data");

    public Uri Endpoint { get; private set; } = null!;

    public string AdminKeyId { get; private set; } = "";

    public string AdminSecret { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        var init = await CliRunner.RunSekishoAsync(["server", "init", "--data", DataPath, "--account-id", AccountId, .. StoreArguments()],
            timeout: TimeSpan.FromMinutes(2));
        if (init.ExitCode != 0) throw new InvalidOperationException($"server init failed ({init.ExitCode}): {init.Stderr}");
        (AdminKeyId, AdminSecret) = ReadCredentials(Path.Combine(DataPath, "admin.credentials"));
        await StartAsync();
    }

    /// <summary>Starts <c>server run</c> on the data folder (again, after <see cref="KillAsync"/>) and waits for /healthz.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("the server is already running");
        _process?.Dispose();
        Endpoint = new Uri($"http://127.0.0.1:{FreePort()}");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "sekisho.dll"), "server", "run", "--data", DataPath, "--listen", Endpoint.ToString().TrimEnd('/') })
            psi.ArgumentList.Add(a);
        foreach (var a in StoreArguments()) psi.ArgumentList.Add(a);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the server");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the server exited with {_process.ExitCode} before /healthz answered");
            try
            {
                using var response = await Http.GetAsync(new Uri(Endpoint, "/healthz"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("/healthz did not answer 200 within two minutes");
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process) throw new InvalidOperationException("the server is not running");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Http.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private string[] StoreArguments() => Store is null ? [] : ["--store", Store];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (string Id, string Secret) ReadCredentials(string path)
    {
        string? id = null, secret = null;
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2) continue;
            if (parts[0] == "aws_access_key_id") id = parts[1];
            if (parts[0] == "aws_secret_access_key") secret = parts[1];
        }
        return (id ?? throw new InvalidDataException($"{path} has no aws_access_key_id"),
            secret ?? throw new InvalidDataException($"{path} has no aws_secret_access_key"));
    }
}
