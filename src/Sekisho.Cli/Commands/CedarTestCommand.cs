namespace Sekisho.Cli.Commands;

/// <summary><c>sekisho cedar test [--root DIR] FILE.json ...</c>: runs Cedar integration-test files.</summary>
public static class CedarTestCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var a = new Arguments("test", args, ["root"], []);
        if (a.Positional.Count == 0) throw new CliException("test: give at least one test file (FILE.json)");
        var runner = new CedarTestRunner(a.Option("root") ?? ".");
        int passed = 0, failed = 0;
        foreach (var file in a.Positional)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = runner.Run(file);
            foreach (var r in result.Requests)
            {
                await console.Out.WriteLineAsync(CedarResponseJson.Format(r.Response, file, r.Description)).ConfigureAwait(false);
                if (r.Passed) passed++;
                else
                {
                    failed++;
                    await console.Error.WriteLineAsync($"FAIL {file}: {r.Description}: {r.Failure}").ConfigureAwait(false);
                }
            }
            if (result.ValidationMatches == false)
            {
                failed++;
                await console.Error.WriteLineAsync($"FAIL {file}: validation outcome differs from shouldValidate").ConfigureAwait(false);
            }
        }
        await console.Out.WriteLineAsync($"{passed} passed, {failed} failed").ConfigureAwait(false);
        return failed == 0 ? ExitCodes.Ok : ExitCodes.Findings;
    }
}
