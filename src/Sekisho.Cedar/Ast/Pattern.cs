using System.Text;

namespace Sekisho.Cedar.Ast;

/// <summary>A <c>like</c> pattern: literal characters and <c>*</c> wildcards (a literal star is written <c>\*</c>).</summary>
public sealed class Pattern
{
    private readonly PatternElement[] _elements;

    public Pattern(IEnumerable<PatternElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        _elements = elements.ToArray();
    }

    public ReadOnlySpan<PatternElement> Elements => _elements;

    /// <summary>Glob matching with backtracking to the last star: linear in practice, never exponential.</summary>
    public bool Matches(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = _elements;
        int ti = 0, pi = 0, starP = -1, starT = 0;
        while (ti < text.Length)
        {
            if (pi < p.Length && !p[pi].IsWildcard && p[pi].Char == text[ti])
            {
                ti++;
                pi++;
            }
            else if (pi < p.Length && p[pi].IsWildcard)
            {
                starP = pi++;
                starT = ti;
            }
            else if (starP >= 0)
            {
                pi = starP + 1;
                ti = ++starT;
            }
            else
            {
                return false;
            }
        }
        while (pi < p.Length && p[pi].IsWildcard) pi++;
        return pi == p.Length;
    }

    /// <summary>The pattern as a Cedar string literal, with literal stars escaped.</summary>
    public override string ToString()
    {
        // Literal runs are quoted whole: quoting one UTF-16 unit at a time would split surrogate pairs (emoji).
        var sb = new StringBuilder("\"");
        var run = new StringBuilder();
        foreach (var e in _elements)
        {
            if (!e.IsWildcard && e.Char != '*')
            {
                run.Append(e.Char);
                continue;
            }
            AppendQuoted(sb, run);
            sb.Append(e.IsWildcard ? "*" : "\\*");
        }
        AppendQuoted(sb, run);
        return sb.Append('"').ToString();
    }

    private static void AppendQuoted(StringBuilder sb, StringBuilder run)
    {
        if (run.Length == 0) return;
        var q = Values.CedarString.Quote(run.ToString());
        sb.Append(q, 1, q.Length - 2);
        run.Clear();
    }

    public override bool Equals(object? obj) => obj is Pattern other && _elements.AsSpan().SequenceEqual(other._elements);

    public override int GetHashCode() => _elements.Length;
}
