namespace Sekisho.Policy.Differential.Tests;

/// <summary>
/// Documented ways iam-simulate departs from AWS's documentation, where Sekisho follows the documentation.
/// Each one is described, with its AWS reference, in docs/iam-simulate-divergences.md.
/// </summary>
public enum DivergenceClass
{
    /// <summary>
    /// A resource-based policy names the caller's role-session ARN; AWS lets that grant stand despite an implicit
    /// deny in the session policy; the reference still requires the session policy to allow.
    /// </summary>
    SessionArnGrantNotLimitedBySessionPolicy,

    /// <summary>A Bool condition with a value other than true/false (for example "yes").</summary>
    MalformedBoolValue,
}
