namespace Sekisho.Cedar.Formatting;

/// <summary>Layout settings of <see cref="PolicyFormatter"/>; the defaults are the reference formatter's.</summary>
public sealed record FormatOptions(int LineWidth = 80, int IndentWidth = 2)
{
    public static FormatOptions Default { get; } = new();
}
