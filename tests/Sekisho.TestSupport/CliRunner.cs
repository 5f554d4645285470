using System.Diagnostics;

namespace Sekisho.TestSupport;

/// <summary>Runs an external process (node, the built sekisho CLI, aws) and captures what it printed.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// Runs the <c>sekisho</c> CLI built beside the calling test assembly (the test project references
    /// Sekisho.Cli, so sekisho.dll is copied into its output).
    /// </summary>
    public static Task<Result> RunSekishoAsync(IEnumerable<string> args, string? stdin = null, string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "sekisho.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} missing: reference Sekisho.Cli from the test project");
        return RunAsync("dotnet", new[] { dll }.Concat(args), stdin, workingDirectory, timeout: timeout);
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> args, string? stdin = null,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {fileName}");
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish in time");
        }
        return new Result(process.ExitCode, await stdoutTask.ConfigureAwait(false), await stderrTask.ConfigureAwait(false));
    }
}
