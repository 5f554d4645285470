namespace Sekisho.Cedar.Formatting;

/// <summary>A <c>//</c> comment of policy text: its text (without the line break) and where it starts.</summary>
public readonly record struct SourceComment(int Offset, string Text, bool OwnLine)
{
    /// <summary>
    /// The comments of <paramref name="text"/>, in order. <see cref="OwnLine"/> is true when only whitespace
    /// precedes the comment on its line. Slashes inside string literals are not comments.
    /// </summary>
    public static IReadOnlyList<SourceComment> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<SourceComment>();
        var lineHasCode = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                lineHasCode = false;
            }
            else if (c == '"')
            {
                lineHasCode = true;
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\') i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                var end = text.IndexOf('\n', i);
                if (end < 0) end = text.Length;
                result.Add(new SourceComment(i, text[i..end].TrimEnd(), !lineHasCode));
                i = end - 1;
            }
            else if (!char.IsWhiteSpace(c))
            {
                lineHasCode = true;
            }
        }
        return result;
    }
}
