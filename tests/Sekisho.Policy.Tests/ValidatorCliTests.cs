using System.Text.Json;
using Sekisho.Cli;
using Sekisho.TestSupport;

namespace Sekisho.Policy.Tests;

/// <summary><c>sekisho policy validate</c>: exit codes, text and JSON output, bad input.</summary>
public sealed class ValidatorCliTests : IDisposable
{
    private const string SshOnly = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Allow", "Action": "ssm:StartSession",
             "Resource": ["arn:aws:ssm:*:*:managed-instance/*", "arn:aws:ssm:*:*:document/AWS-StartSSHSession"]}
          ]
        }
        """;

    private const string Broken = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Effect": "Permit", "Action": "ssm:StartSesion", "Resource": "*"}
          ]
        }
        """;

    private const string Clean = """
        {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ssm:DescribeSessions", "Resource": "*"}}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("sekisho-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> Run(string? stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin ?? "");
        var exit = await CommandLine.RunAsync(["policy", "validate", .. args], new CliConsole(input, output, error));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Warnings_only_exit_0_with_one_text_line_each()
    {
        var path = Write("ssh-only.json", SshOnly);
        var (exit, stdout, stderr) = await Run(null, path);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal("", stderr);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var (l, c) = ValidatorTestSupport.PositionOf(SshOnly, "\"arn:aws:ssm:*:*:document/AWS-StartSSHSession\"");
        Assert.StartsWith($"{path}:{l}:{c}: warning SessionDocumentNotABoundary: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_exit_1_and_are_listed_with_warnings()
    {
        var path = Write("broken.json", Broken);
        var (exit, stdout, _) = await Run(null, path);
        Assert.Equal(ExitCodes.Findings, exit);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith($"{path}:4:", StringComparison.Ordinal) && l.Contains(": error InvalidEffect: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{path}:4:", StringComparison.Ordinal) && l.Contains(": warning UnknownAction: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clean_policy_exits_0_and_says_so()
    {
        var path = Write("clean.json", Clean);
        var (exit, stdout, _) = await Run(null, path);
        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal($"{path}: no errors or warnings\n", stdout);
    }

    [Fact]
    public async Task Json_format_lists_each_finding_with_its_fields()
    {
        var path = Write("broken.json", Broken);
        var (exit, stdout, _) = await Run(null, path, "--format", "json");
        Assert.Equal(ExitCodes.Findings, exit);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(path, root.GetProperty("file").GetString());
        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(findings.Count, root.GetProperty("errors").GetInt32() + root.GetProperty("warnings").GetInt32());
        Assert.True(root.GetProperty("errors").GetInt32() >= 1);
        var unknown = findings.Single(f => f.GetProperty("code").GetString() == "UnknownAction");
        Assert.Equal("warning", unknown.GetProperty("severity").GetString());
        Assert.Equal(4, unknown.GetProperty("line").GetInt32());
        Assert.Equal(Broken.Split('\n')[3].IndexOf("\"ssm:StartSesion\"", StringComparison.Ordinal) + 1, unknown.GetProperty("column").GetInt32());
        Assert.Contains("ssm:StartSession", unknown.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(findings, f => f.GetProperty("severity").GetString() == "error" && f.GetProperty("code").GetString() == "InvalidEffect");
    }

    [Fact]
    public async Task Reads_stdin_for_a_dash()
    {
        var (exit, stdout, _) = await Run(SshOnly, "-");
        Assert.Equal(ExitCodes.Ok, exit);
        var (l, c) = ValidatorTestSupport.PositionOf(SshOnly, "\"arn:aws:ssm:*:*:document/AWS-StartSSHSession\"");
        Assert.StartsWith($"<stdin>:{l}:{c}: warning SessionDocumentNotABoundary: ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_an_error_finding_with_its_position()
    {
        var path = Write("malformed.json", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}");
        var (exit, stdout, _) = await Run(null, path);
        Assert.Equal(ExitCodes.Findings, exit);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}:4:\\d+: error ", stdout);
    }

    [Theory]
    [InlineData(new[] { "/no/such/policy.json" }, "/no/such/policy.json")]
    [InlineData(new string[0], "expected one policy FILE")]
    [InlineData(new[] { "a.json", "b.json" }, "expected one policy FILE")]
    [InlineData(new[] { "-", "--format", "yaml" }, "--format must be text or json")]
    [InlineData(new[] { "-", "--colour" }, "unknown option --colour")]
    public async Task Bad_input_exits_2_with_one_line_on_stderr(string[] args, string expected)
    {
        var (exit, stdout, stderr) = await Run("{}", args);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_built_executable_validates_a_file()
    {
        var path = Write("ssh-only.json", SshOnly);
        var result = await CliRunner.RunSekishoAsync(["policy", "validate", path, "--format", "json"]);
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var finding = Assert.Single(doc.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("SessionDocumentNotABoundary", finding.GetProperty("code").GetString());

        var missing = await CliRunner.RunSekishoAsync(["policy", "validate", Path.Combine(_dir, "absent.json")]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Single(missing.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
