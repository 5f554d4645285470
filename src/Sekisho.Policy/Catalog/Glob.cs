namespace Sekisho.Policy.Catalog;

/// <summary>
/// IAM-style wildcard patterns: <c>*</c> matches any run of characters (also none), <c>?</c> any one character,
/// everything else itself.
/// </summary>
public static class Glob
{
    /// <summary>Whether <paramref name="text"/> matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, bool ignoreCase)
    {
        int p = 0, t = 0, star = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starText = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                // Backtrack: let the last star swallow one more character.
                p = star + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    /// <summary>
    /// Whether some string matches both patterns. Both sides may hold wildcards: a policy resource such as
    /// <c>arn:aws:ssm:*:*:document/*</c> against a catalogue template turned into <c>arn:*:ssm:*:*:document/*</c>.
    /// </summary>
    /// <remarks>Walks the product of the two patterns' automata; states are (position in a, position in b).</remarks>
    public static bool Intersects(string a, string b, bool ignoreCase)
    {
        // Most comparisons have a plain string on one side (a service name, "document/..."): a simple match.
        if (!HasWildcard(a)) return IsMatch(b, a, ignoreCase);
        if (!HasWildcard(b)) return IsMatch(a, b, ignoreCase);
        var width = b.Length + 1;
        var seen = new bool[(a.Length + 1) * width];
        var stack = new Stack<int>();
        stack.Push(0);
        seen[0] = true;
        while (stack.Count > 0)
        {
            var state = stack.Pop();
            int i = state / width, j = state % width;
            if (i == a.Length && j == b.Length) return true;
            var aStar = i < a.Length && a[i] == '*';
            var bStar = j < b.Length && b[j] == '*';
            // A star may also match nothing.
            if (aStar) Visit(i + 1, j);
            if (bStar) Visit(i, j + 1);
            if (i == a.Length || j == b.Length) continue;
            var aAny = aStar || a[i] == '?';
            var bAny = bStar || b[j] == '?';
            if (!aAny && !bAny && !Same(a[i], b[j], ignoreCase)) continue;
            Visit(aStar ? i : i + 1, bStar ? j : j + 1);
        }
        return false;

        void Visit(int i, int j)
        {
            var s = (i * width) + j;
            if (seen[s]) return;
            seen[s] = true;
            stack.Push(s);
        }
    }

    /// <summary>Whether the pattern holds a wildcard.</summary>
    public static bool HasWildcard(ReadOnlySpan<char> pattern) => pattern.IndexOfAny('*', '?') >= 0;

    private static bool Same(char x, char y, bool ignoreCase) =>
        x == y || (ignoreCase && char.ToLowerInvariant(x) == char.ToLowerInvariant(y));
}
