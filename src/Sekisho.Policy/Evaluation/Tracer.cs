namespace Sekisho.Policy.Evaluation;

/// <summary>Collects the per-policy traces of one traced evaluation.</summary>
internal sealed class Tracer
{
    public List<PolicyTrace> Policies { get; } = [];
}
