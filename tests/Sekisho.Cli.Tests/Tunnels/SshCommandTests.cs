using Sekisho.Cli.Aws;
using Sekisho.Cli.Sessions.Tunnels;

namespace Sekisho.Cli.Tests.Tunnels;

public sealed class SshCommandTests
{
    private const string Node = "mi-0123456789abcdef0";

    [Fact]
    public void Ssh_gets_the_proxy_command_then_the_destination_and_its_own_arguments()
    {
        var args = SshProxyCommand.SshArguments("/opt/sekisho", new AwsCliOptions(Profile: "dev team", EndpointUrl: "https://gw:8443"),
            ["-i", "key"], $"alice@{Node}", ["-p", "2222", "uname", "-a"]);
        Assert.Equal(
        [
            "-o",
            "ProxyCommand=/opt/sekisho session start --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p" +
            " --profile 'dev team' --endpoint-url https://gw:8443",
            "-i", "key", $"alice@{Node}", "-p", "2222", "uname", "-a",
        ], args);
    }

    [Fact]
    public void Ssh_options_before_the_node_are_read_as_ssh_reads_them()
    {
        var line = SshCommandLine.Parse(
            ["--profile", "dev", "-i", "key", "-4v", "-lalice", "--region=eu-west-1", "-o", "BatchMode=yes", "-Cp", "2222", "--no-verify-ssl",
             Node, "-t", "uname", "-a"]);
        Assert.Equal(["--profile", "dev", "--region=eu-west-1", "--no-verify-ssl"], line.AwsArguments);
        Assert.Equal(["-i", "key", "-4v", "-lalice", "-o", "BatchMode=yes", "-Cp", "2222"], line.SshOptions);
        Assert.Equal(Node, line.Destination);
        Assert.Equal(["-t", "uname", "-a"], line.Rest);
    }

    [Fact]
    public void A_double_dash_ends_the_options_and_a_value_that_looks_like_an_option_is_still_a_value()
    {
        var line = SshCommandLine.Parse(["-o", "-weird", "--", Node, "--profile", "x"]);
        Assert.Equal(["-o", "-weird"], line.SshOptions);
        Assert.Empty(line.AwsArguments);
        Assert.Equal(Node, line.Destination);
        Assert.Equal(["--profile", "x"], line.Rest);
    }

    [Theory]
    [InlineData(new[] { "-i" }, "ssh's option -i needs a value")]
    [InlineData(new[] { "-4vi" }, "ssh's option -i needs a value")]
    [InlineData(new[] { "--profile" }, "option --profile needs a value")]
    [InlineData(new[] { "--verbose", Node }, "unknown option --verbose")]
    [InlineData(new[] { "-v", "-p", "22" }, "no node given")]
    public void Bad_command_lines_say_what_is_wrong(string[] args, string message)
    {
        var e = Assert.Throws<CliException>(() => SshCommandLine.Parse(args));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_aws_option_given_as_name_equals_value_is_passed_to_the_proxy_command()
    {
        // Before, --profile=dev was taken for a name and a value, so the node after it was skipped: "no node given".
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["ssh", "--profile=dev", "--region", "eu-west-1", "not-a-node"],
            new CliConsole(TextReader.Null, new StringWriter(), error));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("'not-a-node' is not [USER@]mi-...", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("i-0123")]
    [InlineData("@mi-0123456789abcdef0")]
    [InlineData("mi-0123456789ABCDEF0")]
    public void Only_managed_node_ids_are_accepted(string destination)
    {
        var e = Assert.Throws<CliException>(() => SshProxyCommand.SshArguments("sekisho", new AwsCliOptions(), [], destination, []));
        Assert.Contains($"'{destination}' is not [USER@]mi-...", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/usr/bin/sekisho", "/usr/bin/sekisho")]
    [InlineData("/home/a b/sekisho", "'/home/a b/sekisho'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("", "''")]
    public void Shell_quoting(string value, string quoted) => Assert.Equal(quoted, SshProxyCommand.ShellQuote(value));

    [Fact]
    public void A_percent_sign_in_an_option_is_escaped_for_ssh()
    {
        var line = SshProxyCommand.Build("sekisho", new AwsCliOptions(Profile: "100%"));
        Assert.EndsWith(" --profile '100%%'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ssh_config_prints_the_host_block_with_this_executable()
    {
        var output = new StringWriter();
        var exit = await CommandLine.RunAsync(["ssh-config", "--region", "eu-west-1", "--no-verify-ssl"],
            new CliConsole(TextReader.Null, output, new StringWriter()));
        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n');
        Assert.Contains("Host mi-*", lines);
        var proxy = Assert.Single(lines, l => l.StartsWith("    ProxyCommand ", StringComparison.Ordinal));
        Assert.Contains(" session start --target %h --document-name AWS-StartSSHSession --parameters portNumber=%p --region eu-west-1 --no-verify-ssl",
            proxy, StringComparison.Ordinal);
        Assert.Contains(SshProxyCommand.Self(), proxy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ssh_without_a_node_is_bad_input()
    {
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["ssh", "--profile", "x"], new CliConsole(TextReader.Null, new StringWriter(), error));
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("no node given", error.ToString(), StringComparison.Ordinal);
    }
}
