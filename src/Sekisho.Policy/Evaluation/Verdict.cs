namespace Sekisho.Policy.Evaluation;

/// <summary>What one policy (or one organization level) said about a request: the first allowing and denying
/// statements (-1 when none) and how strongly an allowing resource-based statement named the caller.</summary>
internal struct Verdict
{
    public int AllowIndex;
    public int DenyIndex;
    public PrincipalMatch AllowMatch;
    public CompiledPolicy? AllowPolicy;
    public CompiledPolicy? DenyPolicy;

    public static Verdict Empty => new() { AllowIndex = -1, DenyIndex = -1 };

    public readonly bool Allows => AllowIndex >= 0;
    public readonly bool Denies => DenyIndex >= 0;
}
