using Sekisho.Policy.Evaluation;

namespace Sekisho.Policy;

/// <summary>
/// A policy document compiled once into matchers, ready to evaluate many requests. Policy variables are
/// substituted only in 2012-10-17 documents; in 2008-10-17 ones <c>${...}</c> is literal text.
/// </summary>
public sealed class CompiledPolicy
{
    internal CompiledStatement[] Statements { get; }

    public string Name { get; }
    public PolicyDocument Document { get; }

    private CompiledPolicy(string name, PolicyDocument document)
    {
        Name = name;
        Document = document;
        var variables = document.Version == PolicyVersion.V2012_10_17;
        Statements = new CompiledStatement[document.Statements.Count];
        for (var i = 0; i < Statements.Length; i++) Statements[i] = new CompiledStatement(document.Statements[i], variables);
    }

    public static CompiledPolicy Compile(PolicyDocument document, string name)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(name);
        return new CompiledPolicy(name, document);
    }

    /// <summary>Parses and compiles; throws <see cref="PolicyParseException"/> when the document has errors.</summary>
    public static CompiledPolicy Parse(string json, string name)
    {
        var result = PolicyParser.Parse(json);
        if (result.HasErrors || result.Document is null) throw new PolicyParseException(name, result.Diagnostics);
        return new CompiledPolicy(name, result.Document);
    }

    public override string ToString() => Name;
}
