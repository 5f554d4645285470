using System.Text;

namespace Sekisho.Cli.Aws;

/// <summary>Splits a command line into words as POSIX shells (and Python's shlex) do: quotes and backslashes, no expansion.</summary>
public static class ShellWords
{
    public static IReadOnlyList<string> Split(string text, string where)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0) throw new CliException($"{where}: unclosed {c} quote at character {i + 1}");
                var quoted = text[(i + 1)..end];
                word.Append(c == '"' ? quoted.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) : quoted);
                inWord = true;
                i = end;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
