namespace Sekisho.Policy;

/// <summary>One policy considered for a decision, with every statement's trace. <see cref="Level"/> is the
/// organization level (0 = root) for SCPs and RCPs.</summary>
public sealed record PolicyTrace(
    PolicyKind Kind,
    string Name,
    int? Level,
    bool Allows,
    bool Denies,
    IReadOnlyList<StatementTrace> Statements);
