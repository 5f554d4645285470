namespace Sekisho.Policy;

/// <summary>The statement that decided (the explicit deny, or the allow that granted), or for an implicit denial the
/// policy kind whose allow was missing (<see cref="StatementIndex"/> null then).</summary>
public sealed record DecidingStatement(PolicyKind Kind, string? PolicyName, int? Level, int? StatementIndex, string? Sid);
