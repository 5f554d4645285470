using Sekisho.Cedar.Syntax;
using Sekisho.TestSupport;

namespace Sekisho.Cedar.Tests;

/// <summary><c>sekisho cedar format</c> as a process: formatted text on stdout, bad input exits 2 with a position.</summary>
public sealed class FormatCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sekisho-format-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task PrintsTheFormattedPoliciesThatParseToTheSamePolicies()
    {
        var text = "// keep me\npermit(principal==User::\"a\",action,resource)when{context.n+1>2&&principal has name};forbid(principal,action,resource);";
        var file = Path.Combine(_dir, "p.cedar");
        await File.WriteAllTextAsync(file, text);
        var r = await CliRunner.RunSekishoAsync(["cedar", "format", file]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.StartsWith("// keep me\npermit (\n  principal == User::\"a\",", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("when { context.n + 1 > 2 && principal has name };", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n\nforbid (principal, action, resource);\n", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, Parser.ParsePolicies(r.Stdout).Count);
    }

    [Fact]
    public async Task BadInputExitsTwoWithFileLineAndColumn()
    {
        var file = Path.Combine(_dir, "bad.cedar");
        await File.WriteAllTextAsync(file, "permit(principal, action, resource);\npermit(principal, action resource);");
        var r = await CliRunner.RunSekishoAsync(["cedar", "format", file]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains($"{file}:2:", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFileExitsTwo()
    {
        var r = await CliRunner.RunSekishoAsync(["cedar", "format", Path.Combine(_dir, "none.cedar")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("none.cedar", r.Stderr, StringComparison.Ordinal);
    }
}
