namespace Sekisho.Cli.Tests.Sessions;

public sealed class SessionStartCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(args, new CliConsole(new StringReader(""), stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Help_describes_every_option()
    {
        var (code, output, _) = await Run("session", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--target", "--document-name", "--parameters", "--reason", "--profile", "--region", "--endpoint-url",
                     "--no-verify-ssl", "--ca-bundle", "AWS_PROFILE", "AWS_ENDPOINT_URL_SSM", "AWS_CA_BUNDLE" })
        {
            Assert.Contains(option, output);
        }
    }

    [Fact]
    public async Task A_missing_target_and_unknown_options_are_bad_input()
    {
        var (code, _, err) = await Run("session", "start", "--document-name", "AWS-StartInteractiveCommand");
        Assert.Equal(2, code);
        Assert.Equal("sekisho session: session start: option --target is required", err.Trim());
        (code, _, err) = await Run("session", "start", "--target", "mi-1", "--frobnicate");
        Assert.Equal(2, code);
        Assert.StartsWith("sekisho session: session start: unknown option --frobnicate", err.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_parameters_are_reported_before_anything_is_called()
    {
        var (code, _, err) = await Run("session", "start", "--target", "mi-1", "--parameters", "{\"commands\": 5}");
        Assert.Equal(2, code);
        Assert.Contains("--parameters: commands is Number, expected a list of strings", err);
    }
}
