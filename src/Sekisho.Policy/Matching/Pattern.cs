using System.Text;

namespace Sekisho.Policy.Matching;

/// <summary>
/// A policy string compiled once: literal text, <c>*</c> / <c>?</c> wildcards (when the operator allows them) and
/// policy variables resolved against the request while matching, so nothing is allocated per request.
/// A variable whose key is absent (and has no default) makes the whole pattern match nothing.
/// </summary>
internal sealed class Pattern
{
    private readonly PatternToken[] _tokens;
    private readonly bool _ignoreCase;

    public string Source { get; }

    /// <summary>Set when the pattern is plain text: matching is then one comparison.</summary>
    private readonly string? _literal;

    public bool IsMatchAll { get; }

    /// <summary>True when the pattern holds a policy variable (resolved per request).</summary>
    public bool HasVariables { get; }

    private Pattern(string source, PatternToken[] tokens, bool ignoreCase)
    {
        Source = source;
        _tokens = tokens;
        _ignoreCase = ignoreCase;
        if (tokens.Length == 0) _literal = "";
        else if (tokens.Length == 1 && tokens[0].Kind == PatternTokenKind.Literal) _literal = tokens[0].Text;
        IsMatchAll = tokens.Length == 1 && tokens[0].Kind == PatternTokenKind.Star;
        foreach (var t in tokens)
            if (t.Kind == PatternTokenKind.Variable) HasVariables = true;
    }

    public static Pattern Compile(string text, bool wildcards, bool variables, bool ignoreCase) =>
        new(text, Tokenize(text, wildcards, variables), ignoreCase);

    internal static PatternToken[] Tokenize(string text, bool wildcards, bool variables)
    {
        var tokens = new List<PatternToken>();
        var literal = new StringBuilder();
        void Flush()
        {
            if (literal.Length > 0)
            {
                tokens.Add(new PatternToken(PatternTokenKind.Literal, literal.ToString(), null));
                literal.Clear();
            }
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (variables && c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var end = text.IndexOf('}', i + 2);
                if (end > 0)
                {
                    var inner = text.AsSpan(i + 2, end - i - 2).Trim();
                    i = end;
                    if (inner is "*" or "?" or "$")
                    {
                        literal.Append(inner[0]);
                        continue;
                    }
                    Flush();
                    var comma = inner.IndexOf(',');
                    if (comma < 0)
                    {
                        var name = inner.ToString();
                        tokens.Add(new PatternToken(PatternTokenKind.Variable, name, null, Evaluation.ContextKeyIndex.Intern(name)));
                    }
                    else
                    {
                        var fallback = inner[(comma + 1)..].Trim();
                        if (fallback.Length >= 2 && fallback[0] == '\'' && fallback[^1] == '\'') fallback = fallback[1..^1];
                        var name = inner[..comma].Trim().ToString();
                        tokens.Add(new PatternToken(PatternTokenKind.Variable, name, fallback.ToString(), Evaluation.ContextKeyIndex.Intern(name)));
                    }
                    continue;
                }
            }
            if (wildcards && c == '*')
            {
                Flush();
                // Consecutive stars are one star.
                if (tokens.Count == 0 || tokens[^1].Kind != PatternTokenKind.Star) tokens.Add(new PatternToken(PatternTokenKind.Star, "*", null));
                continue;
            }
            if (wildcards && c == '?')
            {
                Flush();
                tokens.Add(new PatternToken(PatternTokenKind.Question, "?", null));
                continue;
            }
            literal.Append(c);
        }
        Flush();
        return [.. tokens];
    }

    public bool Matches(ReadOnlySpan<char> input, RequestContext context)
    {
        if (_literal is not null)
            return _ignoreCase ? input.Equals(_literal, StringComparison.OrdinalIgnoreCase) : input.SequenceEqual(_literal);
        if (IsMatchAll) return true;
        return MatchTokens(_tokens, 0, input, _ignoreCase, context);
    }

    internal static bool MatchTokens(PatternToken[] tokens, int index, ReadOnlySpan<char> input, bool ignoreCase, RequestContext context)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        while (index < tokens.Length)
        {
            var token = tokens[index];
            switch (token.Kind)
            {
                case PatternTokenKind.Literal:
                    if (!input.StartsWith(token.Text, comparison)) return false;
                    input = input[token.Text.Length..];
                    break;
                case PatternTokenKind.Variable:
                    if (!TryResolve(token, context, out var value)) return false;
                    if (!input.StartsWith(value, comparison)) return false;
                    input = input[value.Length..];
                    break;
                case PatternTokenKind.Question:
                    if (input.IsEmpty) return false;
                    input = input[1..];
                    break;
                default:
                    if (index == tokens.Length - 1) return true;
                    for (var skip = 0; skip <= input.Length; skip++)
                        if (MatchTokens(tokens, index + 1, input[skip..], ignoreCase, context)) return true;
                    return false;
            }
            index++;
        }
        return input.IsEmpty;
    }

    internal static bool TryResolve(PatternToken token, RequestContext context, out string value)
    {
        // Only a single-valued key can stand in for a variable; a multivalued or absent one falls back to the default.
        if (context.TryGetSingle(token.Slot, token.Text, out value)) return true;
        if (token.Default is not null)
        {
            value = token.Default;
            return true;
        }
        return false;
    }

    /// <summary>True when every variable resolves (for the trace: says why a pattern matched nothing).</summary>
    public bool AllVariablesResolve(RequestContext context, out string? missingKey)
    {
        foreach (var t in _tokens)
            if (t.Kind == PatternTokenKind.Variable && !TryResolve(t, context, out _))
            {
                missingKey = t.Text;
                return false;
            }
        missingKey = null;
        return true;
    }

    /// <summary>The pattern with its variables substituted, for explanations (allocates; never on the fast path).</summary>
    public string Render(RequestContext context) => RenderTokens(_tokens, context);

    internal static string RenderTokens(PatternToken[] tokens, RequestContext context)
    {
        var sb = new StringBuilder();
        foreach (var t in tokens)
        {
            if (t.Kind != PatternTokenKind.Variable) sb.Append(t.Text);
            else if (TryResolve(t, context, out var v)) sb.Append(v);
            else sb.Append("${").Append(t.Text).Append("} (absent)");
        }
        return sb.ToString();
    }
}
