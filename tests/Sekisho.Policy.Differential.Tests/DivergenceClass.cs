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

    /// <summary>
    /// A Date condition on a key whose request value is epoch seconds (aws:EpochTime): AWS compares it as a date;
    /// the reference reads the number as milliseconds.
    /// </summary>
    EpochSecondsInRequestContext,

    /// <summary>
    /// NotIpAddress with a bare address (no /prefix, so /32 or /128) against a request address of the other family:
    /// the address is not in it, so NotIpAddress holds on AWS; the reference says it does not.
    /// </summary>
    NotIpAddressBareAddressOtherFamily,

    /// <summary>
    /// Null on a (multivalued) key given with an empty list of values: AWS's "Multivalued context key examples" page
    /// treats a key with empty values like a missing one (Null false catches both); the reference treats it as present.
    /// </summary>
    NullOnEmptyValuedKey,

    /// <summary>
    /// A NotResource holding a policy variable that does not resolve: AWS says such a variable "might cause the
    /// entire statement to be invalid" and Sekisho does not apply the statement; the reference applies it to
    /// resources outside the pattern's literal part.
    /// </summary>
    UnresolvedVariableInNotResource,
}
