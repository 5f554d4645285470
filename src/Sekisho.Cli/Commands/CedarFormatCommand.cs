using System.Globalization;
using Sekisho.Cedar.Formatting;
using Sekisho.Cedar.Syntax;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho cedar format P.cedar [--line-width N] [--indent-width N]</c>: prints the formatted policies
/// (<c>-</c> reads standard input). Text that is not valid Cedar exits 2 with file:line:column and the reason.
/// </summary>
public static class CedarFormatCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var a = new Arguments("cedar format", args, ["line-width", "indent-width"], []);
        if (a.Positional.Count != 1) throw new CliException("cedar format: expected exactly one policy file (usage: sekisho cedar format P.cedar)");
        var path = a.Positional[0];
        var options = new FormatOptions(Number(a, "line-width", 80), Number(a, "indent-width", 2));
        var text = InputFiles.ReadText(path, console);
        string formatted;
        try
        {
            formatted = PolicyFormatter.Format(text, options);
        }
        catch (CedarParseException e)
        {
            throw new CliException($"{(path == "-" ? "<stdin>" : path)}:{e.Line}:{e.Column}: {e.Reason}", e);
        }
        await console.Out.WriteAsync(formatted.AsMemory(), cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static int Number(Arguments a, string option, int fallback)
    {
        var text = a.Option(option);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 1000)
            throw new CliException($"cedar format: --{option} must be a whole number from 1 to 1000, found '{text}'");
        return n;
    }
}
