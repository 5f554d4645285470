namespace Sekisho.Policy.Matching;

/// <summary>
/// An ARN pattern (Resource / NotResource, ArnEquals / ArnLike values) matched as AWS does: each of the six
/// colon-separated parts separately, case-sensitively, with <c>*</c> and <c>?</c> inside a part; the resource part
/// keeps its own colons. A pattern that is not an ARN (e.g. <c>*</c>) matches the whole string.
/// </summary>
internal sealed class ArnPattern
{
    private readonly PatternToken[][]? _segments;
    private readonly Pattern _whole;
    private bool _matchesNothing;

    public string Source { get; }
    public bool IsMatchAll => _whole.IsMatchAll;
    public bool HasVariables => _whole.HasVariables;

    private ArnPattern(string source, PatternToken[][]? segments, Pattern whole)
    {
        Source = source;
        _segments = segments;
        _whole = whole;
    }

    public static ArnPattern Compile(string text, bool variables)
    {
        var whole = Pattern.Compile(text, wildcards: true, variables, ignoreCase: false);
        var tokens = Pattern.Tokenize(text, wildcards: true, variables);
        if (!text.StartsWith("arn:", StringComparison.Ordinal)) return new ArnPattern(text, null, whole);
        // Split at the first five colons that are literal text (a variable such as ${aws:username} holds colons too).
        var segments = new List<PatternToken[]>();
        var current = new List<PatternToken>();
        foreach (var token in tokens)
        {
            if (token.Kind != PatternTokenKind.Literal || segments.Count == 5)
            {
                current.Add(token);
                continue;
            }
            var text2 = token.Text;
            var start = 0;
            for (var i = 0; i < text2.Length && segments.Count < 5; i++)
            {
                if (text2[i] != ':') continue;
                if (i > start) current.Add(token with { Text = text2[start..i] });
                segments.Add([.. current]);
                current.Clear();
                start = i + 1;
            }
            if (start < text2.Length) current.Add(token with { Text = text2[start..] });
        }
        segments.Add([.. current]);
        // An "arn:" pattern with fewer than six parts names no ARN at all (its resource part is missing).
        return segments.Count == 6 ? new ArnPattern(text, [.. segments], whole) : new ArnPattern(text, null, whole) { _matchesNothing = true };
    }

    public bool Matches(ReadOnlySpan<char> arn, RequestContext context)
    {
        if (_matchesNothing) return false;
        if (_segments is null) return _whole.Matches(arn, context);
        if (!ArnParts.TryParse(arn, out var parts)) return false;
        for (var i = 0; i < 6; i++)
            if (!Pattern.MatchTokens(_segments[i], 0, parts.Segment(arn, i), ignoreCase: false, context)) return false;
        return true;
    }

    public bool AllVariablesResolve(RequestContext context, out string? missingKey) => _whole.AllVariablesResolve(context, out missingKey);

    public string Render(RequestContext context) => _whole.Render(context);
}
