namespace Sekisho.Cedar.Formatting;

/// <summary>
/// A layout document in the style of Wadler's "prettier printer": text, line breaks that become a space (or
/// nothing) when their group fits on the line, nesting, alignment and groups.
/// </summary>
internal abstract record Doc
{
    public static readonly Doc Empty = new TextDoc("");
    public static readonly Doc Line = new LineDoc(" ");
    public static readonly Doc SoftLine = new LineDoc("");
    public static readonly Doc HardLine = new HardLineDoc();

    public static Doc Text(string text) => new TextDoc(text);

    public static Doc Concat(params Doc[] parts) => new ConcatDoc(parts);

    public static Doc Nest(int indent, Doc doc) => new NestDoc(indent, doc);

    public static Doc Align(Doc doc) => new AlignDoc(doc);

    public static Doc Group(Doc doc) => new GroupDoc(doc);

    public static Doc Join(Doc separator, IReadOnlyList<Doc> items)
    {
        var parts = new List<Doc>(items.Count * 2);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) parts.Add(separator);
            parts.Add(items[i]);
        }
        return new ConcatDoc([.. parts]);
    }

    internal sealed record TextDoc(string Value) : Doc;

    /// <summary>A break: <see cref="Flat"/> when the enclosing group fits, a newline otherwise.</summary>
    internal sealed record LineDoc(string Flat) : Doc;

    /// <summary>A newline whatever the group (after a <c>//</c> comment); forces enclosing groups to break.</summary>
    internal sealed record HardLineDoc : Doc;

    internal sealed record ConcatDoc(Doc[] Parts) : Doc;

    internal sealed record NestDoc(int Indent, Doc Doc) : Doc;

    internal sealed record AlignDoc(Doc Doc) : Doc;

    internal sealed record GroupDoc(Doc Doc) : Doc;
}
