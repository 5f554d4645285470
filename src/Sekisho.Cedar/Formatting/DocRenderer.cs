using System.Text;

namespace Sekisho.Cedar.Formatting;

/// <summary>Lays a <see cref="Doc"/> out within a line width (Wadler's algorithm, with alignment).</summary>
internal static class DocRenderer
{
    private readonly record struct Command(int Indent, bool Flat, Doc Doc);

    public static string Render(Doc doc, int width)
    {
        var sb = new StringBuilder();
        var column = 0;
        var stack = new Stack<Command>();
        stack.Push(new Command(0, false, doc));
        while (stack.Count > 0)
        {
            var (indent, flat, d) = stack.Pop();
            switch (d)
            {
                case Doc.TextDoc t:
                    sb.Append(t.Value);
                    column += t.Value.Length;
                    break;
                case Doc.LineDoc l when flat:
                    sb.Append(l.Flat);
                    column += l.Flat.Length;
                    break;
                case Doc.LineDoc:
                case Doc.HardLineDoc:
                    TrimTrailingSpaces(sb);
                    sb.Append('\n').Append(' ', indent);
                    column = indent;
                    break;
                case Doc.ConcatDoc c:
                    for (var i = c.Parts.Length - 1; i >= 0; i--) stack.Push(new Command(indent, flat, c.Parts[i]));
                    break;
                case Doc.NestDoc n:
                    stack.Push(new Command(indent + n.Indent, flat, n.Doc));
                    break;
                case Doc.AlignDoc a:
                    stack.Push(new Command(column, flat, a.Doc));
                    break;
                case Doc.GroupDoc g:
                    var fitsFlat = flat || (!HasHardLine(g.Doc) && Fits(width - column, new Command(indent, true, g.Doc), stack));
                    stack.Push(new Command(indent, fitsFlat, g.Doc));
                    break;
                default:
                    throw new InvalidOperationException($"unknown doc {d.GetType().Name}");
            }
        }
        TrimTrailingSpaces(sb);
        return sb.ToString();
    }

    // Whether the group, flat, and what follows it up to the next line break fit in the remaining width.
    private static bool Fits(int remaining, Command first, Stack<Command> rest)
    {
        var pending = new Stack<Command>();
        pending.Push(first);
        using var after = rest.GetEnumerator();
        while (remaining >= 0)
        {
            if (pending.Count == 0)
            {
                if (!after.MoveNext()) return true;
                pending.Push(after.Current);
            }
            var (indent, flat, d) = pending.Pop();
            switch (d)
            {
                case Doc.TextDoc t:
                    remaining -= t.Value.Length;
                    break;
                case Doc.LineDoc l:
                    if (!flat) return true;
                    remaining -= l.Flat.Length;
                    break;
                case Doc.HardLineDoc:
                    return true;
                case Doc.ConcatDoc c:
                    for (var i = c.Parts.Length - 1; i >= 0; i--) pending.Push(new Command(indent, flat, c.Parts[i]));
                    break;
                case Doc.NestDoc n:
                    pending.Push(new Command(indent + n.Indent, flat, n.Doc));
                    break;
                case Doc.AlignDoc a:
                    pending.Push(new Command(indent, flat, a.Doc));
                    break;
                case Doc.GroupDoc g:
                    pending.Push(new Command(indent, flat, g.Doc));
                    break;
            }
        }
        return false;
    }

    private static bool HasHardLine(Doc d) => d switch
    {
        Doc.HardLineDoc => true,
        Doc.ConcatDoc c => c.Parts.Any(HasHardLine),
        Doc.NestDoc n => HasHardLine(n.Doc),
        Doc.AlignDoc a => HasHardLine(a.Doc),
        Doc.GroupDoc g => HasHardLine(g.Doc),
        _ => false,
    };

    private static void TrimTrailingSpaces(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
    }
}
