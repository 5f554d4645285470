namespace Sekisho.Cedar.Schema;

internal enum SchemaTokenKind
{
    Identifier,
    String,
    Number,
    Punct,
    End,
}

/// <summary>A token of the human-readable schema format; <see cref="Text"/> is unescaped for strings.</summary>
internal readonly record struct SchemaToken(SchemaTokenKind Kind, string Text, int Line, int Column)
{
    public SourceSpot Spot => new(Line, Column, null);

    public bool Is(string punct) => Kind == SchemaTokenKind.Punct && Text == punct;

    public bool IsWord(string word) => Kind == SchemaTokenKind.Identifier && Text == word;

    public string Describe() => Kind switch
    {
        SchemaTokenKind.End => "end of input",
        SchemaTokenKind.String => "a string literal",
        SchemaTokenKind.Number => $"number `{Text}`",
        _ => $"`{Text}`",
    };
}
