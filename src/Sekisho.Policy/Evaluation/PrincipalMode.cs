namespace Sekisho.Policy.Evaluation;

/// <summary>Whether a policy kind's statements name principals: identity-side policies never do, resource-based and
/// trust policies must, RCPs do (as "*") but a missing Principal is tolerated.</summary>
internal enum PrincipalMode
{
    Ignore,
    Require,
    IfPresent,
}
