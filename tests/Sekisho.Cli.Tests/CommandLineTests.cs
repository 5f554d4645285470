using Sekisho.Cli;

namespace Sekisho.Cli.Tests;

public sealed class CommandLineTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CommandLine.RunAsync(args, new CliConsole(new StringReader(""), stdout, stderr));
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Unknown_command_exits_2_with_one_line_naming_it()
    {
        var (code, _, err) = await Run("frobnicate");
        Assert.Equal(2, code);
        Assert.Equal("sekisho: unknown command 'frobnicate' (see 'sekisho --help')", err.TrimEnd());
    }

    [Fact]
    public async Task Help_lists_every_command_group()
    {
        var (code, output, _) = await Run("--help");
        Assert.Equal(0, code);
        foreach (var group in CommandLine.Groups) Assert.Contains(group.Name, output);
    }

    [Fact]
    public void Arguments_reject_unknown_options_and_missing_values()
    {
        var e = Assert.Throws<CliException>(() => new Arguments("x", ["--nope"], ["root"], []));
        Assert.Contains("unknown option --nope", e.Message);
        var m = Assert.Throws<CliException>(() => new Arguments("x", ["--root"], ["root"], []));
        Assert.Contains("--root needs a value", m.Message);
        var ok = new Arguments("x", ["a", "--root=d", "--json", "b"], ["root"], ["json"]);
        Assert.Equal(["a", "b"], ok.Positional);
        Assert.Equal("d", ok.Option("root"));
        Assert.True(ok.Has("json"));
    }
}
